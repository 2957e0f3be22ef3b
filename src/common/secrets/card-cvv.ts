// The CVV written after a card number, possibly behind an expiry date: "4111… 12/26 123", "4111…/1226/123",
// "4111…:123". (A CVV inside the card's own digit run is read by card-numbers.ts; a labelled one by cvv.ts.)
import { isDigitCode, isHorizontalSpaceCode } from "./chars.ts";
import { endsStandaloneNumber } from "./card-chars.ts";

/** Most characters between a card, its expiry and its CVV. */
const GAP_MAX = 3;

function isCvvGapCode(c: number): boolean {
  return (
    isHorizontalSpaceCode(c) ||
    c === 0x2c || // ,
    c === 0xff0c || // ，
    c === 0x2f || // /
    c === 0x3a || // :
    c === 0xff1a || // ：
    c === 0x7c || // |
    c === 0x3b || // ;
    c === 0xff1b || // ；
    c === 0x3001 // 、
  );
}

function skipGap(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && p - pos < GAP_MAX && isCvvGapCode(text.charCodeAt(p))) p++;
  return p;
}

function digitRunEnd(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && isDigitCode(text.charCodeAt(p))) p++;
  return p;
}

function isMonth(text: string, p: number): boolean {
  const tens = text.charCodeAt(p) & 0xf;
  const ones = text.charCodeAt(p + 1) & 0xf; // full-width digits end in the same four bits
  const month = tens * 10 + ones;
  return month >= 1 && month <= 12;
}

/**
 * Where the CVV may start when an expiry date begins at `p`: after "MM/YY" or "MM/YYYY" and a gap, or after
 * "MMYY" and a gap when digits follow (a lone "1226" after an Amex number is its code, not a date).
 * `p` itself when there is no expiry; -1 when an expiry ends the text there.
 */
function afterExpiry(text: string, p: number): number {
  const run = digitRunEnd(text, p);
  if (run === p + 2 && text.charCodeAt(p + 2) === 0x2f) {
    const yearEnd = digitRunEnd(text, p + 3);
    const yearLen = yearEnd - (p + 3);
    if (yearLen !== 2 && yearLen !== 4) return p;
    const after = skipGap(text, yearEnd);
    return after === yearEnd ? -1 : after;
  }
  if (run === p + 4 && isMonth(text, p)) {
    const after = skipGap(text, run);
    if (after > run && isDigitCode(text.charCodeAt(after))) return after;
  }
  return p;
}

/** A CVV following a card that ends at `pos`, possibly after an expiry date; null when none. */
export function cvvAfter(text: string, pos: number, amex: boolean): { start: number; end: number } | null {
  let p = skipGap(text, pos);
  if (p === pos || p >= text.length || !isDigitCode(text.charCodeAt(p))) return null;
  p = afterExpiry(text, p);
  if (p < 0 || p >= text.length || !isDigitCode(text.charCodeAt(p))) return null;
  const end = digitRunEnd(text, p);
  const len = end - p;
  if (!(len === 3 || (len === 4 && amex))) return null;
  if (!endsStandaloneNumber(text, end)) return null;
  return { start: p, end };
}
