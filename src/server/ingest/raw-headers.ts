// Cheap header-only reading of a raw message: enough for intake, dedupe and loop checks
// without parsing bodies (which the decode filter does once, later).
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { decodeBytes } from "./decode/charset.ts";

export type RawHeaders = { get(name: string): string | undefined; all(name: string): string[]; names(): string[] };

/** Offset where the body starts (after the first empty line), or raw.length. */
export function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  if (crlf === -1 && lf === -1) return raw.length;
  if (crlf === -1) return lf + 2;
  if (lf === -1) return crlf + 4;
  return Math.min(crlf + 4, lf + 2);
}

/**
 * The top-level header fields, unfolded. Raw 8-bit values (not RFC 2047) are read as UTF-8 when valid,
 * else in `charset` (what the message declares elsewhere) or, without one, as guessed by decodeBytes.
 */
export function readRawHeaders(raw: Buffer, maxBytes = 256 * 1024, charset?: string): RawHeaders {
  const end = Math.min(headerEnd(raw), maxBytes);
  const text = raw.subarray(0, end).toString("latin1");
  const map = new Map<string, string[]>();
  let current: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && current !== null) {
      current += " " + line.trim();
      continue;
    }
    if (current !== null) add(current);
    current = line.length ? line : null;
  }
  if (current !== null) add(current);
  function add(line: string) {
    // A NUL means nothing in a header, and PostgreSQL refuses it in text: a Message-ID or an address with
    // one could not even be recorded at intake.
    const field = line.includes("\u0000") ? line.replaceAll("\u0000", "") : line;
    const colon = field.indexOf(":");
    if (colon <= 0) return;
    const name = field.slice(0, colon).trim().toLowerCase();
    // Header bytes are usually ASCII; senders of GBK, Big5 or EUC-KR mail often put raw 8-bit text there.
    let value = field.slice(colon + 1).trim();
    if (/[\x80-\xff]/.test(value)) {
      const bytes = Buffer.from(value, "latin1");
      value = isUtf8(bytes) ? bytes.toString("utf8") : decodeBytes(bytes, charset);
    }
    const list = map.get(name);
    if (list) list.push(value);
    else map.set(name, [value]);
  }
  return {
    get: (name) => map.get(name.toLowerCase())?.[0],
    all: (name) => map.get(name.toLowerCase()) ?? [],
    names: () => [...map.keys()],
  };
}

/** Message-IDs in a header value, normalised to `<…>` lowercase-free form as written. */
export function parseMessageIds(value: string | undefined): string[] {
  if (!value) return [];
  const ids = value.match(/<[^<>\s]+>/g);
  return ids ? ids.slice(0, 100) : [];
}

const TRACE_HEADERS = /^(received|return-path|delivered-to|x-original-to|authentication-results|arc-[a-z-]+|x-received|received-spf|x-spam-[a-z-]+|x-gm-[a-z-]+|x-google-smtp-source)\s*:/i;

/**
 * Hash of the message without the trace headers each hop adds, so the same mail arriving by two
 * routes (SMTP and an IMAP copy, say) hashes the same, while a reused Message-ID with new content does not.
 */
export function contentHash(raw: Buffer): string {
  const end = headerEnd(raw);
  const hash = createHash("sha256");
  const lines = raw.subarray(0, end).toString("latin1").split(/\r?\n/);
  let skipping = false;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (!skipping) hash.update(line.trim(), "latin1");
      continue;
    }
    skipping = TRACE_HEADERS.test(line);
    if (!skipping) hash.update("\n" + line.trimEnd(), "latin1");
  }
  // Line endings differ by route (CRLF on the wire, LF on disk); normalise them in the body too.
  const body = raw.subarray(end);
  hash.update(body.includes(13) ? Buffer.from(body.toString("latin1").replace(/\r\n/g, "\n"), "latin1") : body);
  return hash.digest("hex");
}
