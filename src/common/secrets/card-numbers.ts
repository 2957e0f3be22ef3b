// Payment card numbers (12-19 digits, Luhn-valid) and the CVV written right after one.
//
// The text is read as "runs": digit groups (ASCII or full-width digits) joined by short separators
// (space, NBSP, ideographic space, hyphen, dot). A group is always a whole digit sequence, so a card is
// never cut out of a longer digit run. Within a run we accept, in this order:
//   - the whole run, or the run without a short or differently separated first / last group: a list number
//     ("1. 4111 1111 1111 1111"), the tail of a word ("abc123 4111 …"), a CVV after the card (3 digits, or 4
//     after an Amex number), which is then redacted as well;
//   - any single group of 12-19 digits.
// Multi-group candidates must look like a printed card (groups of 4+ digits, a short last group), which
// keeps dates, IP addresses, phone numbers and decimal amounts out. Runs glued to letters ("ORD-4111…"),
// to "+" (phone numbers), "/" (URL paths), "@" or a currency sign are not cards.
import {
  digitValue,
  isCjkPunctuationCode,
  isDigitCode,
  isHorizontalSpaceCode,
  isIdeographCode,
  isSpaceCode,
  isWordCode,
} from "./chars.ts";
import { isLuhnValid } from "./luhn.ts";
import { CVV_REPLACEMENT, cardReplacement } from "./replacements.ts";
import type { SecretSpan } from "./types.ts";

const MIN_CARD_DIGITS = 12;
const MAX_CARD_DIGITS = 19;
/**
 * A card read from a run without its last group ("4111 1111 1111 1111 123") must be at least an Amex-length
 * number: shorter ones are more often a 15-digit account number cut in two.
 */
const MIN_CUT_CARD_DIGITS = 15;
/** Longest separator between two digit groups ("4111 - 1111"). */
const MAX_SEPARATOR_CHARS = 3;
/** Only short groups can belong to a date, time or amount ("12/26", "12:30", "1,234"). */
const MAX_ATTACHED_GROUP_DIGITS = 4;

function isCardSeparatorCode(c: number): boolean {
  if (c === 0x20 || c === 0xa0 || c === 0x3000 || c === 0x202f || (c >= 0x2000 && c <= 0x200a)) return true;
  if (c === 0x2d || c === 0x2e || c === 0xff0d || c === 0xff0e) return true; // - . and full-width forms
  return (c >= 0x2010 && c <= 0x2015) || c === 0x2212; // hyphens, dashes, minus sign
}

/** Characters that tie a digit group to its neighbour digits ("12/26", "12:30", "1,234"). */
function isAttachingCode(c: number): boolean {
  return c === 0x2f || c === 0x3a || c === 0x2c || c === 0xff1a || c === 0xff0f;
}

/** Characters which, right before a number, say it is not a card (phone, URL path, mail address, money). */
function isForeignPrefixCode(c: number): boolean {
  return (
    c === 0x2b || // +
    c === 0x2f || // /
    c === 0x5c || // \
    c === 0x40 || // @
    c === 0x24 || // $
    c === 0xa5 || // ¥
    c === 0xffe5 || // ￥
    c === 0x20ac || // €
    c === 0xa3 // £
  );
}

type Run = {
  /** start offsets of the digit groups */
  starts: number[];
  /** end offsets (exclusive) of the digit groups */
  ends: number[];
  /** the run touches something that makes its first / last group part of another token */
  taintedLeft: boolean;
  taintedRight: boolean;
};

/** Reads the run whose first digit is at `start`; returns it and where scanning should continue. */
function readRun(text: string, start: number): { run: Run; next: number } {
  const n = text.length;
  const starts: number[] = [];
  const ends: number[] = [];
  let j = start;
  for (;;) {
    const gs = j;
    while (j < n && isDigitCode(text.charCodeAt(j))) j++;
    starts.push(gs);
    ends.push(j);
    let k = j;
    while (k < n && k - j < MAX_SEPARATOR_CHARS && isCardSeparatorCode(text.charCodeAt(k))) k++;
    if (k > j && k < n && isDigitCode(text.charCodeAt(k))) {
      j = k;
      continue;
    }
    break;
  }
  const next = j;
  let taintedLeft = isTaintedBefore(text, start);
  let taintedRight = isTaintedAfter(text, j);
  // A group tied to digits by "/", ":" or "," (dates, times, expiry, amounts) belongs to that other token.
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
  if (
    starts.length > 0 &&
    j + 1 < n &&
    isAttachingCode(text.charCodeAt(j)) &&
    isDigitCode(text.charCodeAt(j + 1)) &&
    j - starts[starts.length - 1]! <= MAX_ATTACHED_GROUP_DIGITS
  ) {
    starts.pop();
    ends.pop();
    taintedRight = false;
  }
  return { run: { starts, ends, taintedLeft, taintedRight }, next };
}

function isTaintedBefore(text: string, pos: number): boolean {
  if (pos === 0) return false;
  const c = text.charCodeAt(pos - 1);
  if (isWordCode(c) || isForeignPrefixCode(c)) return true;
  // "ORD-4111…", "v2.4111…"
  return (c === 0x2d || c === 0x2e) && pos >= 2 && isWordCode(text.charCodeAt(pos - 2));
}

function isTaintedAfter(text: string, pos: number): boolean {
  if (pos >= text.length) return false;
  const c = text.charCodeAt(pos);
  if (isWordCode(c) || c === 0x40) return true;
  return (c === 0x2d || c === 0x2e) && pos + 1 < text.length && isWordCode(text.charCodeAt(pos + 1));
}

/** ASCII digits of groups [from, to) of a run. */
function digitsOf(text: string, run: Run, from: number, to: number): string {
  let out = "";
  for (let g = from; g < to; g++) {
    for (let i = run.starts[g]!; i < run.ends[g]!; i++) out += String(digitValue(text.charCodeAt(i)));
  }
  return out;
}

function groupLength(run: Run, g: number): number {
  return run.ends[g]! - run.starts[g]!;
}

/** Digit strings that are Luhn-valid by accident but are clearly something else. */
function looksLikeTimestamp(d: string): boolean {
  if (d.length === 13 && d[0] === "1") return true; // Unix time in milliseconds
  if (d.length !== 12 && d.length !== 14 && d.length !== 17) return false; // yyyyMMddHHmm[ss[SSS]]
  if (!(d.startsWith("19") || d.startsWith("20"))) return false;
  const month = Number(d.slice(4, 6));
  const day = Number(d.slice(6, 8));
  const hour = Number(d.slice(8, 10));
  const minute = Number(d.slice(10, 12));
  const second = d.length >= 14 ? Number(d.slice(12, 14)) : 0;
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59;
}

/** True when `digits` (ASCII) is a plausible card number. */
export function isPlausibleCardNumber(digits: string): boolean {
  if (digits.length < MIN_CARD_DIGITS || digits.length > MAX_CARD_DIGITS) return false;
  if (digits[0] === "0") return false;
  if (looksLikeTimestamp(digits)) return false;
  return isLuhnValid(digits);
}

function isAmex(digits: string): boolean {
  return digits.length === 15 && (digits.startsWith("34") || digits.startsWith("37"));
}

/** The separator text between group g and group g+1 contains a dot. */
function separatorHasDot(text: string, run: Run, g: number): boolean {
  for (let i = run.ends[g]!; i < run.starts[g + 1]!; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e || c === 0xff0e) return true;
  }
  return false;
}

/**
 * Groups [from, to) are laid out like a printed card: 4+ digits each but the last, which may be shorter
 * ("6222 0202 0000 0000 006") though not after a dot, where it reads as a decimal part.
 */
function isCardLayout(text: string, run: Run, from: number, to: number): boolean {
  if (to - from === 1) return true;
  for (let g = from; g < to - 1; g++) if (groupLength(run, g) < 4) return false;
  if (groupLength(run, to - 1) >= 3) return true;
  for (let g = from; g < to - 1; g++) if (separatorHasDot(text, run, g)) return false;
  return true;
}

/** Card digits of groups [from, to), or null when they do not form a plausible card. */
function cardAt(text: string, run: Run, from: number, to: number, minDigits = MIN_CARD_DIGITS): string | null {
  if (from >= to || !isCardLayout(text, run, from, to)) return null;
  let count = 0;
  for (let g = from; g < to; g++) count += groupLength(run, g);
  if (count < minDigits || count > MAX_CARD_DIGITS) return null;
  const digits = digitsOf(text, run, from, to);
  return isPlausibleCardNumber(digits) ? digits : null;
}

/** Group g may be a CVV written after `card`: 3 digits, or 4 after an Amex number. */
function isCvvGroup(run: Run, g: number, card: string): boolean {
  const len = groupLength(run, g);
  return len === 3 || (len === 4 && isAmex(card));
}

/** Visa, Mastercard and Amex numbers are 16 / 15 digits: a trailing group after one is its CVV. */
function preferCardPlusCvv(card: string): boolean {
  return (card.length === 16 && (card[0] === "2" || card[0] === "4" || card[0] === "5")) || isAmex(card);
}

const EXPIRY_SKIP_MAX = 3;

function isCvvGapCode(c: number): boolean {
  return (
    isHorizontalSpaceCode(c) ||
    c === 0x2c || // ,
    c === 0xff0c || // ，
    c === 0x2f || // /
    c === 0x7c || // |
    c === 0x3b || // ;
    c === 0xff1b || // ；
    c === 0x3001 // 、
  );
}

function skipGap(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && p - pos < EXPIRY_SKIP_MAX && isCvvGapCode(text.charCodeAt(p))) p++;
  return p;
}

function digitRunEnd(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && isDigitCode(text.charCodeAt(p))) p++;
  return p;
}

/** After a CVV: end of text, white space or punctuation, but not a letter, ideograph, or more number. */
export function endsStandaloneNumber(text: string, pos: number): boolean {
  if (pos >= text.length) return true;
  const c = text.charCodeAt(pos);
  if (isWordCode(c) || isIdeographCode(c)) return false;
  if (isSpaceCode(c) || isCjkPunctuationCode(c)) return true;
  if (isAttachingCode(c) || isCardSeparatorCode(c)) {
    const d = pos + 1 < text.length ? text.charCodeAt(pos + 1) : 0;
    return !isDigitCode(d) && !isWordCode(d);
  }
  return c < 0x80; // other ASCII punctuation
}

/** A CVV following a card that ends at `pos`, possibly after an expiry date ("12/26"); null when none. */
function cvvAfter(text: string, pos: number, card: string): { start: number; end: number } | null {
  let p = skipGap(text, pos);
  if (p === pos) return null;
  // optional expiry MM/YY or MM/YYYY
  if (isDigitCode(text.charCodeAt(p)) && digitRunEnd(text, p) === p + 2 && text.charCodeAt(p + 2) === 0x2f) {
    const yearEnd = digitRunEnd(text, p + 3);
    const yearLen = yearEnd - (p + 3);
    if (yearLen === 2 || yearLen === 4) {
      const after = skipGap(text, yearEnd);
      if (after === yearEnd) return null;
      p = after;
    }
  }
  if (p >= text.length || !isDigitCode(text.charCodeAt(p))) return null;
  const end = digitRunEnd(text, p);
  const len = end - p;
  if (!(len === 3 || (len === 4 && isAmex(card)))) return null;
  if (!endsStandaloneNumber(text, end)) return null;
  return { start: p, end };
}

function groupsSpan(run: Run, from: number, to: number, card: string): SecretSpan {
  return { start: run.starts[from]!, end: run.ends[to - 1]!, kind: "card_number", replacement: cardReplacement(card) };
}

function cvvSpan(start: number, end: number): SecretSpan {
  return { start, end, kind: "cvv", replacement: CVV_REPLACEMENT };
}

function isSpaceOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isHorizontalSpaceCode(s.charCodeAt(i))) return false;
  return true;
}

/** The separator text between group g and group g + 1. */
function separatorAfter(text: string, run: Run, g: number): string {
  return text.slice(run.ends[g]!, run.starts[g + 1]!);
}

/**
 * The first / last group of a run may be left out of a card when it is short (a list number, the tail of
 * "abc123", a CVV) or set apart by a different separator ("ref 12  4111-1111-1111-1111").
 */
function isLeadingExtra(text: string, run: Run): boolean {
  const n = run.starts.length;
  if (n < 2) return false;
  return groupLength(run, 0) <= 3 || (n >= 3 && separatorAfter(text, run, 0) !== separatorAfter(text, run, 1));
}

function isTrailingExtra(text: string, run: Run): boolean {
  const n = run.starts.length;
  if (n < 2) return false;
  return groupLength(run, n - 1) <= 3 || (n >= 3 && separatorAfter(text, run, n - 2) !== separatorAfter(text, run, n - 3));
}

function inspectRun(text: string, run: Run, out: SecretSpan[]): void {
  const n = run.starts.length;
  if (n === 0) return;
  const trailingCvvOk = n >= 2 && !run.taintedRight && endsStandaloneNumber(text, run.ends[n - 1]!);

  /** Emits card [from, to) and the CVV after it; to === n means the card ends the run. */
  const emit = (from: number, to: number, card: string): void => {
    out.push(groupsSpan(run, from, to, card));
    if (to < n) {
      if (isCvvGroup(run, to, card) && (to < n - 1 || trailingCvvOk)) out.push(cvvSpan(run.starts[to]!, run.ends[to]!));
      return;
    }
    if (run.taintedRight) return;
    const cvv = cvvAfter(text, run.ends[n - 1]!, card);
    if (cvv) out.push(cvvSpan(cvv.start, cvv.end));
  };

  /** Single groups of 12-19 digits in [from, to) that are cards by themselves. */
  const singles = (from: number, to: number): void => {
    for (let g = Math.max(from, run.taintedLeft ? 1 : 0); g < to; g++) {
      if (g === n - 1 && run.taintedRight) break;
      const len = groupLength(run, g);
      if (len < MIN_CARD_DIGITS || len > MAX_CARD_DIGITS) continue;
      const card = cardAt(text, run, g, g + 1);
      if (!card) continue;
      emit(g, g + 1, card);
      if (g + 1 < n && isCvvGroup(run, g + 1, card)) g++;
    }
  };

  // "1066976111.4263.74.camel", "ORD-1234-4111-…": glued to a word through "." or "-", the run is one token
  if (run.taintedLeft && n >= 2 && !isSpaceOnly(separatorAfter(text, run, 0))) return;
  if (run.taintedRight && n >= 2 && !isSpaceOnly(separatorAfter(text, run, n - 2))) return;

  const leadingExtra = isLeadingExtra(text, run);
  const trailingExtra = isTrailingExtra(text, run);
  const firsts = run.taintedLeft ? (leadingExtra ? [1] : []) : leadingExtra ? [0, 1] : [0];
  for (const from of firsts) {
    const whole = run.taintedRight ? null : cardAt(text, run, from, n);
    // the last group may also be the 4-digit code after an Amex number
    const cut =
      n - from >= 2 && (trailingExtra || groupLength(run, n - 1) === 4) ? cardAt(text, run, from, n - 1, MIN_CUT_CARD_DIGITS) : null;
    const cutFits = cut !== null && (trailingExtra || isAmex(cut));
    const cutBeforeCvv = cutFits && trailingCvvOk && isCvvGroup(run, n - 1, cut);
    let chosen: [number, number, string] | null = null;
    if (cut && cutBeforeCvv && (whole === null || preferCardPlusCvv(cut))) chosen = [from, n - 1, cut];
    else if (whole) chosen = [from, n, whole];
    else if (cut && cutFits) chosen = [from, n - 1, cut];
    if (chosen) {
      const [a, b, card] = chosen;
      singles(0, a);
      emit(a, b, card);
      if (b < n && !isCvvGroup(run, b, card)) singles(b, n);
      return;
    }
  }
  singles(0, n);
}

/** Every card number (and CVV written next to one) in `text`, in text order. */
export function findCardNumbers(text: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isDigitCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const { run, next } = readRun(text, i);
    inspectRun(text, run, out);
    i = next;
  }
  return out;
}
