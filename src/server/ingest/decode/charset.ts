// Robust text decoding for mail: charset labels as found in the wild (mislabelled, aliased,
// missing) and RFC 2047 encoded-words as real senders produce them (split, unterminated,
// unknown charsets). Nothing here throws on bad input.
import iconv from "iconv-lite";
import { decodeIso2022Jp } from "./iso-2022-jp.ts";

/**
 * How bytes with a given label are decoded.
 * - `utf8`: UTF-8 when valid, else guessed (GB18030 or windows-1252).
 * - `western`: labels mailers apply blindly (us-ascii, iso-8859-1, windows-1252): UTF-8 when the
 *   bytes are valid UTF-8, GB18030 when they clearly are Chinese, else windows-1252.
 * - `single`: another single-byte charset: UTF-8 when valid, else the declared charset.
 * - `multi`: a CJK double-byte charset (resolved to its superset): as declared, unless the bytes
 *   are clearly UTF-8.
 * - `iso2022jp`: the stateful Japanese encoding iconv-lite lacks.
 * - `exact`: decoded as declared, no guessing (UTF-16/32).
 * - `unknown`: missing, unknown, or refused (UTF-7, base64, hex) labels; guessed like `utf8`.
 */
type Plan =
  | { kind: "utf8" | "western" | "iso2022jp" | "unknown" }
  | { kind: "single" | "multi" | "exact"; codec: string };

const GB_LABELS = new Set([
  "gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "euc-cn", "x-euc-cn", "cp936", "ms936",
  "windows-936", "csgb2312", "csiso58gb231280", "iso-ir-58", "chinese", "gb18030", "x-gb18030",
]);
const BIG5_LABELS = new Set([
  "big5", "big-5", "big5-hkscs", "big5hkscs", "cn-big5", "x-x-big5", "x-big5", "csbig5", "cp950",
  "ms950", "windows-950",
]);
const KOREAN_LABELS = new Set([
  "euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ks_c_5601", "ksc5601", "ksc_5601", "korean",
  "csksc56011987", "iso-ir-149", "cp949", "uhc", "windows-949", "x-windows-949", "cseuckr",
]);
const SJIS_LABELS = new Set([
  "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932",
  "ms932", "x-ms-cp932",
]);
const EUCJP_LABELS = new Set(["euc-jp", "x-euc-jp", "cseucpkdfmtjapanese", "eucjp"]);
const ISO2022JP_LABELS = new Set([
  "iso-2022-jp", "csiso2022jp", "iso-2022-jp-1", "iso-2022-jp-2", "iso-2022-jp-3", "jis",
  "iso2022jp",
]);
const UTF8_LABELS = new Set(["utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "utf-8n"]);
const WESTERN_LABELS = new Set([
  "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "iso-8859-1", "iso8859-1", "iso_8859-1",
  "latin1", "latin-1", "l1", "cp819", "windows-1252", "cp1252", "win-1252", "x-ansi", "7bit",
  "8bit", "default", "us",
]);
// iconv-lite knows these names, but they are not character sets text arrives in; UTF-7 in
// particular is a known way to smuggle markup past filters.
const REFUSED = new Set(["utf-7", "utf7", "utf7imap", "unicode-1-1-utf-7", "base64", "hex", "binary"]);

const BIG5_CODEC = iconv.encodingExists("big5-hkscs") ? "big5-hkscs" : "big5";

/** Lowercases a charset label and strips quotes, an RFC 2231 language suffix and junk. */
function cleanLabel(declared: string | undefined): string {
  if (typeof declared !== "string" || declared.length > 100) return "";
  let label = declared.trim().toLowerCase();
  label = label.replace(/^["']+|["']+$/g, "");
  const star = label.indexOf("*");
  if (star >= 0) label = label.slice(0, star);
  return label.trim();
}

function planFor(declared: string | undefined): Plan {
  const label = cleanLabel(declared);
  if (label === "" || REFUSED.has(label)) return { kind: "unknown" };
  if (UTF8_LABELS.has(label)) return { kind: "utf8" };
  if (WESTERN_LABELS.has(label)) return { kind: "western" };
  if (GB_LABELS.has(label)) return { kind: "multi", codec: "gb18030" };
  if (BIG5_LABELS.has(label)) return { kind: "multi", codec: BIG5_CODEC };
  if (KOREAN_LABELS.has(label)) return { kind: "multi", codec: "cp949" };
  if (SJIS_LABELS.has(label)) return { kind: "multi", codec: "cp932" };
  if (EUCJP_LABELS.has(label)) return { kind: "multi", codec: "euc-jp" };
  if (ISO2022JP_LABELS.has(label)) return { kind: "iso2022jp" };
  if (/^utf-?(16|32)/.test(label)) {
    return iconv.encodingExists(label) ? { kind: "exact", codec: label } : { kind: "unknown" };
  }
  // windows-125x / cp125x / win-125x, iso-8859-x spelt loosely, koi8-*, tis-620 and friends.
  const normal = label
    .replace(/^(?:win|windows|cp|x-cp)[-_]?(125\d)$/, "windows-$1")
    .replace(/^iso[-_ ]?8859[-_ ]?(\d{1,2})(?::\d+)?$/, "iso-8859-$1");
  if (normal === "iso-8859-1") return { kind: "western" };
  if (REFUSED.has(normal)) return { kind: "unknown" };
  if (iconv.encodingExists(normal)) return { kind: "single", codec: normal };
  return { kind: "unknown" };
}

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The bytes as UTF-8, or null when they are not valid UTF-8. */
function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    return null;
  }
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return false;
  return true;
}

/** Number of UTF-8 lead bytes (start of a multi-byte sequence). */
function countUtf8Sequences(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0xc2) n++;
  return n;
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/;

/**
 * True when the bytes read cleanly as GB18030 and look like Chinese text rather than a
 * single-byte European charset: most double-byte pairs sit in the GB 2312 hanzi/symbol zone
 * (both bytes >= 0xA1), which accented Latin text (an accent followed by ASCII) never does.
 */
function looksLikeGb18030(bytes: Uint8Array): string | null {
  let zone = 0;
  let other = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    if (b === 0x80 || b === 0xff) return null;
    const t = bytes[i + 1];
    if (t === undefined) return null;
    if (t >= 0x30 && t <= 0x39) {
      // Four-byte sequence.
      other += 1;
      i += 4;
      continue;
    }
    if (b >= 0xa1 && b <= 0xf7 && t >= 0xa1 && t <= 0xfe) zone += 1;
    else other += 1;
    i += 2;
  }
  if (zone === 0 || zone < 2 * other) return null;
  const text = iconv.decode(Buffer.from(bytes), "gb18030");
  if (text.includes("\uFFFD") || !CJK.test(text)) return null;
  return text;
}

/** Last resort for bytes that are not UTF-8: Chinese when it clearly is, else windows-1252. */
function guess(bytes: Uint8Array, fallback: string): string {
  return looksLikeGb18030(bytes) ?? iconv.decode(Buffer.from(bytes), fallback);
}

function decodeWithPlan(bytes: Uint8Array, plan: Plan): string {
  switch (plan.kind) {
    case "utf8":
    case "unknown":
    case "western": {
      if (isAscii(bytes)) return Buffer.from(bytes).toString("latin1");
      const utf8 = strictUtf8(bytes);
      if (utf8 !== null) return utf8;
      return guess(bytes, "windows-1252");
    }
    case "single": {
      if (isAscii(bytes)) return Buffer.from(bytes).toString("latin1");
      // Valid UTF-8 with non-ASCII bytes is practically never accidental in a single-byte text.
      return strictUtf8(bytes) ?? iconv.decode(Buffer.from(bytes), plan.codec);
    }
    case "multi": {
      if (isAscii(bytes)) return Buffer.from(bytes).toString("latin1");
      const declared = iconv.decode(Buffer.from(bytes), plan.codec);
      // Web forms often send UTF-8 under a legacy CJK label. A short GBK string can be valid
      // UTF-8 by accident, so only trust UTF-8 when the declared reading is broken or the
      // UTF-8 evidence is long enough to rule chance out.
      const utf8 = strictUtf8(bytes);
      if (utf8 !== null && (declared.includes("\uFFFD") || countUtf8Sequences(bytes) >= 4)) return utf8;
      return declared;
    }
    case "iso2022jp": {
      if (isAscii(bytes)) return decodeIso2022Jp(bytes);
      // 8-bit bytes mean the label is wrong: UTF-8 or Shift_JIS are the usual culprits.
      return strictUtf8(bytes) ?? iconv.decode(Buffer.from(bytes), "cp932");
    }
    case "exact":
      return iconv.decode(Buffer.from(bytes), plan.codec);
  }
}

/**
 * Decodes text bytes under a declared (possibly wrong, missing or unknown) charset label.
 *
 * GB 2312 family labels decode as GB18030, Big5 as Big5-HKSCS, EUC-KR/KS C 5601 as CP949,
 * Shift_JIS as CP932 (all supersets real senders use under the older name); ISO-2022-JP is
 * decoded natively. UTF-8, Western, unknown and missing labels try UTF-8 first and fall back to
 * GB18030 (when the bytes clearly are Chinese) or windows-1252. A byte-order mark wins over the
 * label. Never throws.
 */
export function decodeBytes(bytes: Buffer, declared: string | undefined): string {
  try {
    if (!bytes || bytes.length === 0) return "";
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      return bytes.subarray(3).toString("utf8");
    }
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(bytes.subarray(2), "utf-16le");
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(bytes.subarray(2), "utf-16be");
    return decodeWithPlan(bytes, planFor(declared));
  } catch {
    try {
      return Buffer.from(bytes).toString("utf8");
    } catch {
      return "";
    }
  }
}

/**
 * A key that is equal for labels decoded the same way, so adjacent encoded-words in `gb2312`
 * and `gbk` (say) are joined before decoding.
 */
function joinKey(label: string): string {
  const plan = planFor(label);
  return "codec" in plan ? `${plan.kind}:${plan.codec}` : plan.kind === "unknown" ? `unknown:${cleanLabel(label)}` : plan.kind;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Q-encoding payload to bytes: `_` is a space, `=XX` a byte, anything else itself. */
function qBytes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) {
      out.push(0x20);
    } else if (c === 0x3d && i + 2 < text.length && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      out.push(c);
    } else {
      // Raw 8-bit text inside an encoded-word; keep it as UTF-8.
      const cp = text.codePointAt(i) as number;
      for (const b of Buffer.from(String.fromCodePoint(cp), "utf8")) out.push(b);
      if (cp > 0xffff) i += 1;
    }
  }
  return out;
}

// =?charset?B|Q?text?=  The text may hold '?' not followed by '=' (broken Q encoders); the
// closing ?= may be missing when whitespace or the end follows (truncated headers). The text
// length is bounded so a pathological header cannot make the scan quadratic.
const ENCODED_WORD = /=\?([^?\s]{1,75})\?([bBqQ])\?((?:[^?\s]|\?(?!=)){0,2000})(?:\?=|(?=\s|$))/g;

/**
 * Decodes RFC 2047 encoded-words in a header value, tolerating what real mail does wrong:
 * adjacent words of one charset are joined as bytes before decoding (so a character split
 * across words survives, including base64 split off a 4-character boundary), whitespace between
 * encoded-words is dropped, lowercase `b`/`q`, `_` in Q, missing spaces around words, a missing
 * `?=` at the end, unknown charsets (guessed as for {@link decodeBytes}). Folded lines are
 * unfolded. Never throws; on an internal error the input is returned as is.
 */
export function decodeMimeWords(header: string): string {
  let input: string;
  try {
    input = typeof header === "string" ? header : String(header ?? "");
  } catch {
    return "";
  }
  try {
    input = input.replace(/\r?\n(?=[ \t])/g, "");
    if (!input.includes("=?")) return input;

    let out = "";
    let last = 0;
    // The run of adjacent encoded-words sharing one charset.
    let runKey: string | null = null;
    let runLabel = "";
    let runBytes: number[] = [];
    let pendingB64 = "";

    const flushB64 = (): void => {
      if (!pendingB64) return;
      const clean = pendingB64.replace(/[^A-Za-z0-9+/]/g, "");
      for (const b of Buffer.from(clean, "base64")) runBytes.push(b);
      pendingB64 = "";
    };
    const flushRun = (): void => {
      flushB64();
      if (runKey !== null && runBytes.length > 0) out += decodeBytes(Buffer.from(runBytes), runLabel);
      runKey = null;
      runBytes = [];
    };

    ENCODED_WORD.lastIndex = 0;
    for (let m = ENCODED_WORD.exec(input); m !== null; m = ENCODED_WORD.exec(input)) {
      if (m[0].length === 0) {
        ENCODED_WORD.lastIndex++;
        continue;
      }
      const label = m[1] as string;
      const encoding = (m[2] as string).toUpperCase();
      const text = m[3] as string;
      const gap = input.slice(last, m.index);
      const key = joinKey(label);
      const adjacent = runKey !== null && gap.trim() === "";
      if (!adjacent || key !== runKey) {
        flushRun();
        // Whitespace between encoded-words is not part of the text (RFC 2047 section 6.2).
        if (!adjacent) out += gap;
        runKey = key;
        runLabel = label;
      }
      if (encoding === "B") {
        pendingB64 += text;
        // Join base64 across words only while a word ends mid-quantum without padding.
        if (pendingB64.includes("=") || pendingB64.replace(/[^A-Za-z0-9+/=]/g, "").length % 4 === 0) flushB64();
      } else {
        flushB64();
        for (const b of qBytes(text)) runBytes.push(b);
      }
      last = m.index + m[0].length;
    }
    flushRun();
    out += input.slice(last);
    return out;
  } catch {
    return input;
  }
}
