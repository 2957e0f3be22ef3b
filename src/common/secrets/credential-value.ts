// Where the value after a password or one-time-code label ends.
import {
  isCjkPunctuationCode,
  isDigitCode,
  isHorizontalSpaceCode,
  isIdeographCode,
  isLatinLetterCode,
  isSpaceCode,
} from "./chars.ts";
import { endsStandaloneNumber } from "./card-chars.ts";

/** Longest value we look at; a longer one has its first MAX_VALUE_CHARS characters masked. */
export const MAX_VALUE_CHARS = 64;

export type ValueSpan = { start: number; end: number };

export type ValueRules = {
  /**
   * After "password:" the value may be a passphrase ("correct horse battery staple", "P@ss w0rd"): it runs
   * to the end of the line, but stops at a clause or sentence end (", " ". " "; " and the Chinese ，。；,
   * which also end a value elsewhere), at an ideograph, and before a word holding ":" or "=" (the next
   * field, "user: bob"). That keeps a one-line form whole without swallowing the sentence or paragraph
   * after it. After "is" or "是", in running prose, the value is one word.
   */
  phrase: boolean;
  /** After "=" the value is a URL or form parameter, which ends where "&name=" starts the next one. */
  ampersandEnds: boolean;
};

const QUOTES: Record<string, string> = { '"': '"', "'": "'", "“": "”", "‘": "’", "「": "」", "『": "』", "`": "`" };

/** ASCII punctuation that ends a sentence or clause rather than a password: "my password is abc123." */
const TRAILING_PUNCTUATION = new Set([".", ",", ";", ":", ")", "]", "}", ">", '"', "'", "`"]);

/** A word ending in one of these ends a passphrase: "password: abc123, user: bob", "… staple. Thanks". */
const PHRASE_END = new Set([".", ",", ";", "!", "?"]);

function isValueBreakCode(c: number): boolean {
  return isSpaceCode(c) || isCjkPunctuationCode(c) || isIdeographCode(c);
}

/** Longest parameter name looked for after "&". */
const MAX_PARAMETER_NAME = 32;

function isParameterNameCode(c: number): boolean {
  return isLatinLetterCode(c) || isDigitCode(c) || c === 0x5f || c === 0x2d || c === 0x2e || c === 0x5b || c === 0x5d;
}

/** "&redirect=…" (or "&amp;redirect=…") at `p`: the next parameter, where a "key=value" value ends. */
function startsParameter(text: string, p: number): boolean {
  let q = text.startsWith("&amp;", p) ? p + 5 : p + 1;
  const nameStart = q;
  while (q < text.length && q - nameStart < MAX_PARAMETER_NAME && isParameterNameCode(text.charCodeAt(q))) q++;
  return q > nameStart && text.charCodeAt(q) === 0x3d;
}

/** End of the word at `p`, at most `limit`. A password may hold "&" ("Tr0ub4dor&3"), so only "&name=" ends it. */
function wordEnd(text: string, p: number, limit: number, ampersandEnds: boolean): number {
  let q = p;
  while (q < limit) {
    const c = text.charCodeAt(q);
    if (isValueBreakCode(c) || (ampersandEnds && c === 0x26 && startsParameter(text, q))) break;
    q++;
  }
  return q;
}

/** The word ending at `end` was cut by `limit`, not by a break. */
function isCut(text: string, end: number, limit: number): boolean {
  return end === limit && limit < text.length && !isValueBreakCode(text.charCodeAt(limit));
}

function holdsFieldSign(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a || c === 0x3d) return true;
  }
  return false;
}

/** Adds the following words of a passphrase to the word [start, end), as ValueRules.phrase says. */
function extendPhrase(text: string, end: number, limit: number): number {
  let p = end;
  for (;;) {
    if (PHRASE_END.has(text[p - 1]!)) return p;
    let q = p;
    while (q < limit && isHorizontalSpaceCode(text.charCodeAt(q))) q++;
    // numbers after a passphrase are something else (a card, an amount, a date), read by their own rules
    if (q === p || q >= limit || isValueBreakCode(text.charCodeAt(q)) || isDigitCode(text.charCodeAt(q))) return p;
    const e = wordEnd(text, q, limit, false);
    if (isCut(text, e, limit) || holdsFieldSign(text, q, e)) return p;
    p = e;
  }
}

/** The value starting at `start`: [start, end) or null when there is none worth masking. */
export function readValue(text: string, start: number, rules: ValueRules): ValueSpan | null {
  const n = text.length;
  if (start >= n) return null;
  const limit = Math.min(n, start + MAX_VALUE_CHARS);
  const close = QUOTES[text[start]!];
  if (close !== undefined) {
    let p = start + 1;
    while (p < n && p <= limit && text[p] !== close && text.charCodeAt(p) !== 0x0a) p++;
    if (p > limit) return { start: start + 1, end: limit + 1 };
    if (p < n && text[p] === close && p > start + 1) return { start: start + 1, end: p };
    return null;
  }
  let end = wordEnd(text, start, limit, rules.ampersandEnds);
  if (isCut(text, end, limit)) return { start, end };
  if (rules.phrase) end = extendPhrase(text, end, limit);
  while (end > start && TRAILING_PUNCTUATION.has(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}

/** Most digits in a one-time code written in groups. */
const MAX_CODE_DIGITS = 10;

/**
 * A one-time code written in groups of 2-4 digits, "123 456" or "123-456", starting at `start`; null when
 * the digits there are not such a code. The groups are all as long as the first, which keeps dates out
 * ("2024-01-15").
 */
export function readGroupedCode(text: string, start: number): ValueSpan | null {
  let p = start;
  let digits = 0;
  let groups = 0;
  let size = 0;
  for (;;) {
    const g = p;
    while (p < text.length && p - g <= 4 && isDigitCode(text.charCodeAt(p))) p++;
    const len = p - g;
    if (len < 2 || len > 4 || (size !== 0 && len !== size)) return null;
    size = len;
    digits += len;
    groups++;
    if (digits > MAX_CODE_DIGITS) return null;
    const sep = text.charCodeAt(p);
    if ((sep === 0x20 || sep === 0x2d) && isDigitCode(text.charCodeAt(p + 1))) {
      p++;
      continue;
    }
    break;
  }
  if (groups < 2 || digits < 4) return null;
  return endsStandaloneNumber(text, p) ? { start, end: p } : null;
}
