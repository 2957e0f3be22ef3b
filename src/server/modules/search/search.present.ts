// The excerpt of a search result: the original text around the first match, HTML-escaped, with the
// matches wrapped in <mark> (the only markup). Matching normalises each character the way the index
// does (NFKC, lower case, no accents) while keeping a map back to the original text.
import { isCjkChar, normalizeText, stripAccents, type Highlight } from "../../db/search/tokenize.ts";

const CONTEXT_BEFORE = 40;
const EXCERPT_LENGTH = 160;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const LETTER = /[\p{L}\p{N}\p{M}]/u;
/** A boundary for word matches: CJK characters border words just as spaces do (the tokenizer splits there). */
const isWordLetter = (ch: string | undefined) => !!ch && LETTER.test(ch) && !isCjkChar(ch);

type Normalized = { text: string; start: number[]; end: number[] };

function normalizeWithMap(original: string): Normalized {
  let text = "";
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  for (const ch of original) {
    const n = stripAccents(normalizeText(ch));
    for (let k = 0; k < n.length; k++) {
      start.push(i);
      end.push(i + ch.length);
    }
    text += n;
    i += ch.length;
  }
  return { text, start, end };
}

/** Code-point aware: the character before `at` and the one starting at `at`. */
function charBefore(s: string, at: number): string | undefined {
  if (at <= 0) return undefined;
  const c = s.charCodeAt(at - 1);
  return c >= 0xdc00 && c <= 0xdfff && at >= 2 ? s.slice(at - 2, at) : s[at - 1];
}
const charAt = (s: string, at: number) => (at < s.length ? String.fromCodePoint(s.codePointAt(at)!) : undefined);

function occurrences(hay: string, needle: string, accept: (at: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  if (!needle) return out;
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
    if (accept(at)) out.push([at, at + needle.length]);
  }
  return out;
}

function findMatches(norm: string, highlights: Highlight[]): [number, number][] {
  const out: [number, number][] = [];
  for (const h of highlights) {
    if (h.kind === "word") {
      out.push(...occurrences(norm, h.text, (at) =>
        !isWordLetter(charBefore(norm, at)) && (h.prefix || !isWordLetter(charAt(norm, at + h.text.length)))));
      continue;
    }
    const whole = occurrences(norm, h.text, () => true);
    if (whole.length) {
      out.push(...whole);
      continue;
    }
    // The index ANDs bigrams, so a longer run may match as pieces apart from each other.
    const chars = [...h.text];
    for (let i = 0; i + 1 < chars.length; i++) out.push(...occurrences(norm, chars[i]! + chars[i + 1]!, () => true));
  }
  return out.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
}

export function presentExcerpt(original: string, highlights: Highlight[]): string {
  const norm = normalizeWithMap(original);
  const matches = findMatches(norm.text, highlights);
  if (norm.text.length === 0) return "";
  const first = matches[0];
  let from = first ? Math.max(0, first[0] - CONTEXT_BEFORE) : 0;
  // Start at a word if one begins shortly after the cut.
  if (first && from > 0) {
    const space = norm.text.slice(from, first[0]).search(/\s/);
    if (space !== -1 && space < 15) from += space + 1;
  }
  const to = Math.min(norm.text.length, Math.max(from + EXCERPT_LENGTH, first ? first[1] : 0));
  const oFrom = norm.start[from]!;
  const oTo = norm.end[to - 1]!;

  let out = oFrom > 0 ? "…" : "";
  let cursor = oFrom;
  let lastEnd = -1;
  for (const [a, b] of matches) {
    if (b <= from || a >= to || a < lastEnd) continue;
    const oa = Math.max(norm.start[a]!, oFrom);
    const ob = Math.min(norm.end[b - 1]!, oTo);
    if (oa < cursor) continue;
    out += escapeHtml(original.slice(cursor, oa)) + `<mark>${escapeHtml(original.slice(oa, ob))}</mark>`;
    cursor = ob;
    lastEnd = b;
  }
  out += escapeHtml(original.slice(cursor, oTo));
  if (oTo < original.length) out += "…";
  return out.replace(/\s+/g, " ").trim();
}
