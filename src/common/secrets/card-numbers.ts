// Payment card numbers (12-19 digits, Luhn-valid) and the CVV written right after one.
//
// The text is read as runs of digit groups (card-runs.ts). Within a run we accept, in this order:
//   - the whole run, or the run without a short or differently separated first / last group: a list number
//     ("1. 4111 1111 1111 1111"), the tail of a word ("abc123 4111 …"), a CVV after the card (3 digits, or 4
//     after an Amex number), which is then redacted as well;
//   - any single group of 12-19 digits.
// Multi-group candidates must look like a printed card (groups of 4+ digits, a short last group), which
// keeps dates, IP addresses, phone numbers and decimal amounts out. Runs glued to letters ("ORD-4111…"),
// to "+" (phone numbers), "/" (URL paths), "@" or a currency sign are not cards. A card may be wrapped
// over two lines when its groups are printed ones.
import { digitValue, isDigitCode, isHorizontalSpaceCode } from "./chars.ts";
import { cvvAfter } from "./card-cvv.ts";
import { cardBeforeExpiry } from "./card-expiry-run.ts";
import { groupLength, isAmex, isPrintedLengths } from "./card-layout.ts";
import { endsStandaloneNumber } from "./card-chars.ts";
import { digitsOnNextLine, joinRuns, readRun, withoutLastGroup, type Run } from "./card-runs.ts";
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

/** ASCII digits of groups [from, to) of a run. */
function digitsOf(text: string, run: Run, from: number, to: number): string {
  let out = "";
  for (let g = from; g < to; g++) {
    for (let i = run.starts[g]!; i < run.ends[g]!; i++) out += String(digitValue(text.charCodeAt(i)));
  }
  return out;
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

type Choice = { from: number; to: number; card: string };

/**
 * The card a run holds, as groups [from, to). `attached`: the run's last group is tied to digits after it
 * ("4111 1111 1111 1111/12/26"), so only a card ending with that group, a whole one, is taken from it.
 */
function chooseCard(text: string, run: Run, trailingCvvOk: boolean, attached: boolean): Choice | null {
  const n = run.starts.length;
  const leadingExtra = isLeadingExtra(text, run);
  const trailingExtra = !attached && isTrailingExtra(text, run);
  const firsts = run.taintedLeft ? (leadingExtra ? [1] : []) : leadingExtra ? [0, 1] : [0];
  for (const from of firsts) {
    const whole = run.taintedRight || (attached && groupLength(run, n - 1) < 3) ? null : cardAt(text, run, from, n);
    if (attached) {
      if (whole) return { from, to: n, card: whole };
      continue;
    }
    // the last group may also be the 4-digit code after an Amex number
    const cut =
      n - from >= 2 && (trailingExtra || groupLength(run, n - 1) === 4) ? cardAt(text, run, from, n - 1, MIN_CUT_CARD_DIGITS) : null;
    const cutFits = cut !== null && (trailingExtra || isAmex(cut));
    const cutBeforeCvv = cutFits && trailingCvvOk && isCvvGroup(run, n - 1, cut);
    if (cut && cutBeforeCvv && (whole === null || preferCardPlusCvv(cut))) return { from, to: n - 1, card: cut };
    if (whole) return { from, to: n, card: whole };
    if (cut && cutFits) return { from, to: n - 1, card: cut };
  }
  return null;
}

function inspectRun(text: string, whole: Run, out: SecretSpan[]): void {
  let run = whole;
  if (run.starts.length === 0) return;
  // "1066976111.4263.74.camel", "ORD-1234-4111-…": glued to a word through "." or "-", the run is one token
  if (run.taintedLeft && run.starts.length >= 2 && !isSpaceOnly(separatorAfter(text, run, 0))) return;
  let chosen: Choice | null = null;
  if (run.attachedRight) {
    chosen = chooseCard(text, run, false, true);
    if (!chosen) run = withoutLastGroup(run);
  }
  const n = run.starts.length;
  if (n === 0) return;
  if (run.taintedRight && n >= 2 && !isSpaceOnly(separatorAfter(text, run, n - 2))) return;
  const trailingCvvOk = n >= 2 && !run.taintedRight && !run.attachedRight && endsStandaloneNumber(text, run.ends[n - 1]!);

  /** Emits card [from, to) and the CVV after it; to === n means the card ends the run. */
  const emit = (from: number, to: number, card: string): void => {
    out.push(groupsSpan(run, from, to, card));
    if (to < n) {
      if (isCvvGroup(run, to, card) && (to < n - 1 || trailingCvvOk)) out.push(cvvSpan(run.starts[to]!, run.ends[to]!));
      return;
    }
    if (run.taintedRight) return;
    const cvv = cvvAfter(text, run.ends[n - 1]!, isAmex(card));
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

  chosen ??= chooseCard(text, run, trailingCvvOk, false);
  if (!chosen && !run.taintedRight) {
    const leadingExtra = isLeadingExtra(text, run);
    const firsts = run.taintedLeft ? (leadingExtra ? [1] : []) : leadingExtra ? [0, 1] : [0];
    const dated = cardBeforeExpiry(text, run, firsts, (from, to) => cardAt(text, run, from, to));
    if (dated) {
      out.push(groupsSpan(run, dated.from, dated.to, dated.card));
      if (dated.cvvGroup !== null) out.push(cvvSpan(run.starts[dated.cvvGroup]!, run.ends[dated.cvvGroup]!));
      return;
    }
  }
  if (!chosen) return singles(0, n);
  singles(0, chosen.from);
  emit(chosen.from, chosen.to, chosen.card);
  if (chosen.to < n && !isCvvGroup(run, chosen.to, chosen.card)) singles(chosen.to, n);
}

/** Groups of a card broken over two lines must be printed ones: 4-4-4-4(-3), or Amex / Diners 4-6-5 / 4-6-4. */
function isPrintedLayout(run: Run, span: SecretSpan): boolean {
  const lengths: number[] = [];
  for (let g = 0; g < run.starts.length; g++) {
    if (run.starts[g]! >= span.start && run.ends[g]! <= span.end) lengths.push(groupLength(run, g));
  }
  return isPrintedLengths(lengths);
}

/**
 * A card broken by one line break ("4111 1111<br>1111 1111"): the findings of the run joined with the one on
 * the next line when they include a card across the break, else null (each line is then read by itself, so
 * a list of numbers, one a line, keeps its meaning).
 */
function acrossLineBreak(text: string, run: Run, next: number): { spans: SecretSpan[]; next: number } | null {
  if (run.attachedRight || run.starts.length === 0) return null;
  const second = digitsOnNextLine(text, next);
  if (second < 0) return null;
  const below = readRun(text, second);
  const joined = joinRuns(run, below.run);
  const spans: SecretSpan[] = [];
  inspectRun(text, joined, spans);
  const crosses = spans.some((s) => s.kind === "card_number" && s.start < next && s.end > second && isPrintedLayout(joined, s));
  return crosses ? { spans, next: below.next } : null;
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
    const joined = acrossLineBreak(text, run, next);
    if (joined) {
      out.push(...joined.spans);
      i = joined.next;
      continue;
    }
    inspectRun(text, run, out);
    i = next;
  }
  return out;
}
