// Reads the text as "runs" for the card-number rule: digit groups (ASCII or full-width digits) joined by
// short separators. A group is always a whole digit sequence, so a card is never cut out of a longer number.
import { gluesAfter, gluesBefore, isDigitCode, isHorizontalSpaceCode, isLatinLetterCode, isWordCode } from "./chars.ts";
import { isAttachingCode, isCardSeparatorCode, isForeignPrefixCode } from "./card-chars.ts";

/** Longest separator between two digit groups ("4111 - 1111"). */
const MAX_SEPARATOR_CHARS = 3;
/** Only short groups can belong to a date, time or amount ("12/26", "12:30", "1,234"). */
const MAX_ATTACHED_GROUP_DIGITS = 4;
/** Spaces allowed on each side of the line break inside a card ("4111 1111 \n 1111 1111"). */
const MAX_LINE_INDENT = 3;

export type Run = {
  /** start offsets of the digit groups */
  starts: number[];
  /** end offsets (exclusive) of the digit groups */
  ends: number[];
  /** the run touches something that makes its first / last group part of another token */
  taintedLeft: boolean;
  taintedRight: boolean;
  /**
   * The last group is tied by "/", ":" or "," to digits after it ("… 1111/12/26", "… 12:30"): it belongs
   * to the card, or else to that other token (a date, a time, an amount).
   */
  attachedRight: boolean;
};

/**
 * "ORD4111…", "+86…", "$4111…", "ORD-4111…", "v2.4111…". A dot after a word is a boundary ("No.4111…"),
 * and so is "_" after a word ("IMG_4111…"), unless the run is itself dotted ("a.1234.5678…", one token).
 */
function isTaintedBefore(text: string, pos: number, dotted: boolean): boolean {
  if (pos === 0) return false;
  const c = text.charCodeAt(pos - 1);
  if (gluesBefore(text, pos) || isForeignPrefixCode(c)) return true;
  if (pos < 2) return false;
  const b = text.charCodeAt(pos - 2);
  if (c === 0x2d) return isWordCode(b);
  return c === 0x2e && isWordCode(b) && (dotted || !isLatinLetterCode(b));
}

/** Longest stretch looked through for an "@" after a number. */
const MAX_ADDRESS_LOOKAHEAD = 64;

/** The token at `pos` runs on to an "@": "….abc@qq.com", "….JavaMail.x@host" (an address or message ID). */
function runsIntoAddress(text: string, pos: number): boolean {
  let q = pos;
  const limit = Math.min(text.length, pos + MAX_ADDRESS_LOOKAHEAD);
  for (; q < limit; q++) {
    const c = text.charCodeAt(q);
    if (!isWordCode(c) && c !== 0x2e && c !== 0x2d) break;
  }
  return text.charCodeAt(q) === 0x40;
}

/**
 * "…1111A", "…1111@qq.com", "…1111-abc". A dot before letters ends a card ("….jpg", "….Thanks"), unless
 * the run is itself dotted ("132971.1032541008061.JavaMail") or the token goes on to an "@".
 */
function isTaintedAfter(text: string, pos: number, dotted: boolean): boolean {
  if (pos >= text.length) return false;
  const c = text.charCodeAt(pos);
  if (gluesAfter(text, pos) || c === 0x40) return true;
  if (pos + 1 >= text.length || !isWordCode(text.charCodeAt(pos + 1))) return false;
  if (c === 0x2d) return true;
  return c === 0x2e && (dotted || runsIntoAddress(text, pos + 1));
}

/** Reads the run whose first digit is at `start`; returns it and where scanning should continue. */
export function readRun(text: string, start: number): { run: Run; next: number } {
  const n = text.length;
  const starts: number[] = [];
  const ends: number[] = [];
  let j = start;
  let dotted = false;
  for (;;) {
    const gs = j;
    while (j < n && isDigitCode(text.charCodeAt(j))) j++;
    starts.push(gs);
    ends.push(j);
    let k = j;
    while (k < n && k - j < MAX_SEPARATOR_CHARS && isCardSeparatorCode(text.charCodeAt(k))) k++;
    if (k > j && k < n && isDigitCode(text.charCodeAt(k))) {
      for (let d = j; d < k && !dotted; d++) dotted = text.charCodeAt(d) === 0x2e || text.charCodeAt(d) === 0xff0e;
      j = k;
      continue;
    }
    break;
  }
  let taintedLeft = isTaintedBefore(text, start, dotted);
  // A first group tied to digits by "/", ":" or "," (dates, times, expiry, amounts) belongs to that other token.
  if (
    start >= 2 &&
    isAttachingCode(text.charCodeAt(start - 1)) &&
    isDigitCode(text.charCodeAt(start - 2)) &&
    ends[0]! - starts[0]! <= MAX_ATTACHED_GROUP_DIGITS
  ) {
    starts.shift();
    ends.shift();
    taintedLeft = false;
  }
  const attachedRight =
    starts.length > 0 &&
    j + 1 < n &&
    isAttachingCode(text.charCodeAt(j)) &&
    isDigitCode(text.charCodeAt(j + 1)) &&
    j - starts[starts.length - 1]! <= MAX_ATTACHED_GROUP_DIGITS;
  const taintedRight = !attachedRight && isTaintedAfter(text, j, dotted);
  return { run: { starts, ends, taintedLeft, taintedRight, attachedRight }, next: j };
}

/** The run without its last group, for when that group belongs to the date, time or amount after it. */
export function withoutLastGroup(run: Run): Run {
  return { ...run, starts: run.starts.slice(0, -1), ends: run.ends.slice(0, -1), taintedRight: false, attachedRight: false };
}

function skipIndent(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && p - pos < MAX_LINE_INDENT && isHorizontalSpaceCode(text.charCodeAt(p))) p++;
  return p;
}

/**
 * Where the next line's digits start when the run ending at `pos` is followed by one line break (LF or
 * CRLF, as a hard-wrapped line or an HTML <br> leaves it) and then digits; -1 otherwise.
 */
export function digitsOnNextLine(text: string, pos: number): number {
  let p = skipIndent(text, pos);
  if (text.charCodeAt(p) === 0x0d) p++;
  if (text.charCodeAt(p) !== 0x0a) return -1;
  p = skipIndent(text, p + 1);
  return p < text.length && isDigitCode(text.charCodeAt(p)) ? p : -1;
}

/** One run made of `a` and the run `b` on the next line. */
export function joinRuns(a: Run, b: Run): Run {
  return {
    starts: [...a.starts, ...b.starts],
    ends: [...a.ends, ...b.ends],
    taintedLeft: a.taintedLeft,
    taintedRight: b.taintedRight,
    attachedRight: b.attachedRight,
  };
}
