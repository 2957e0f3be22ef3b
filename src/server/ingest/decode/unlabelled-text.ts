// Text parts mailparser passes through as UTF-8 without asking us (no charset, us-ascii or utf-8)
// although their bytes are not UTF-8: spam and old clients send GBK, Big5 or Latin-1 that way.
import { isUtf8 } from "node:buffer";
import { decodeBytes } from "./charset.ts";

const MARK = "x-paydesk-unlabelled-";

export type UnlabelledKind = "text" | "html";

/** The charset label a relabelled part carries, so our decoder recognises it. */
export function unlabelledMark(kind: UnlabelledKind): string {
  return MARK + kind;
}

export function unlabelledKind(label: string): UnlabelledKind | null {
  if (!label.startsWith(MARK)) return null;
  return label.slice(MARK.length) === "html" ? "html" : "text";
}

/** Labels mailparser does not decode: the part is then read as UTF-8 whatever its bytes. */
export function isPassThroughLabel(label: string | false | undefined): boolean {
  return !label || ["ascii", "usascii", "utf8"].includes(label.toLowerCase().replace(/[^a-z0-9]+/g, ""));
}

const META_CHARSET = /<meta\b[^>]{0,500}?charset\s*=\s*["']?\s*([a-z0-9_.:-]{1,40})/i;
const NO_INFORMATION = /^(utf-?8|us-?ascii|ascii)$/i;

/** The charset an HTML part names in a <meta> tag near its start (what a browser would use). */
export function metaCharset(bytes: Buffer): string | undefined {
  const label = META_CHARSET.exec(bytes.subarray(0, 4096).toString("latin1"))?.[1];
  return label && !NO_INFORMATION.test(label) ? label : undefined;
}

/**
 * UTF-8 with a few damaged bytes (a Latin-1 word pasted into a UTF-8 reply, a cut sequence): legacy
 * CJK text read as UTF-8 gives far more replacement characters than good ones, this the other way round.
 */
function mostlyUtf8(bytes: Buffer): boolean {
  let good = 0;
  let bad = 0;
  for (const ch of bytes.toString("utf8")) {
    if (ch === "\uFFFD") bad++;
    else if (ch.charCodeAt(0) >= 0x80) good++;
  }
  return good >= 4 * bad;
}

/**
 * Decodes a part mailparser would have read as UTF-8. Null when the bytes are valid UTF-8 (or mostly
 * so): then they stay exactly as they came. Else decodeBytes guesses, told the HTML's own <meta>
 * charset or, failing that, `fallback` (a charset the message declares for another part).
 */
export function decodeUnlabelled(bytes: Buffer, kind: UnlabelledKind, fallback: string | undefined): { text: string; charset: string | undefined } | null {
  if (isUtf8(bytes) || mostlyUtf8(bytes)) return null;
  const charset = (kind === "html" ? metaCharset(bytes) : undefined) ?? fallback;
  return { text: decodeBytes(bytes, charset), charset };
}
