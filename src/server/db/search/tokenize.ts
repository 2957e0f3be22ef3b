// Text → index tokens, and query → terms, in one place so both dialects index exactly the same tokens.
// Chinese (and Japanese, Korean) text has no spaces between words, so each CJK run is indexed as
// overlapping bigrams plus its last character: 申请提现 → 申请 请提 提现 现. A 2-character query is then
// one exact token, a longer one the AND of its bigrams, and a 1-character query X the prefix X*, which
// meets every X (followed by another character in the run: bigram X?, or last in the run: token X).
// Other words are NFKC-normalised, lower-cased and stripped of Latin/Greek/Cyrillic accents.

export type QueryTerm = { token: string; prefix: boolean };

/** What the excerpt looks for in the original text: CJK runs as substrings, other words at word starts. */
export type Highlight = { text: string; kind: "cjk" | "word"; prefix: boolean };

export type ParsedQuery = { terms: QueryTerm[]; highlights: Highlight[] };

/** Longer words (base64, long hashes) are cut; index and query cut the same way, so they still match. */
export const MAX_TOKEN_CHARS = 40;
/** Enough for a long mail; the rest of a huge body is not indexed. */
export const MAX_DOC_TOKENS = 20_000;
/** More AND terms than this only slow the query down without narrowing it meaningfully. */
export const MAX_QUERY_TERMS = 24;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\u3005]/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;
const DIACRITICS = /[\u0300-\u036f]/g;

type Segment = { kind: "cjk" | "word"; text: string };

/** NFKC (full-width letters and digits become ASCII) and lower case. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

export function stripAccents(word: string): string {
  return word.normalize("NFD").replace(DIACRITICS, "").normalize("NFC");
}

export const isCjkChar = (ch: string) => CJK.test(ch);
export const isWordChar = (ch: string) => WORD.test(ch) || CJK.test(ch);

/** Splits normalised text into CJK runs and words; everything else separates. */
function segments(normalized: string): Segment[] {
  const out: Segment[] = [];
  let kind: Segment["kind"] | null = null;
  let buf = "";
  const flush = () => {
    // A "word" of combining marks alone strips to nothing; an empty token would break the index.
    const text = kind === "word" ? stripAccents(buf) : buf;
    if (kind && text) out.push({ kind, text });
    kind = null;
    buf = "";
  };
  for (const ch of normalized) {
    const k = CJK.test(ch) ? "cjk" : WORD.test(ch) ? "word" : null;
    if (k !== kind) flush();
    if (k) {
      kind = k;
      buf += ch;
    }
  }
  flush();
  return out;
}

const cut = (word: string) => {
  const chars = [...word];
  return chars.length > MAX_TOKEN_CHARS ? chars.slice(0, MAX_TOKEN_CHARS).join("") : word;
};

/** The distinct tokens of a document, in first-seen order. */
export function tokenizeForIndex(text: string): string[] {
  const seen = new Set<string>();
  for (const seg of segments(normalizeText(text))) {
    if (seen.size >= MAX_DOC_TOKENS) break;
    if (seg.kind === "word") {
      seen.add(cut(seg.text));
      continue;
    }
    const chars = [...seg.text];
    for (let i = 0; i + 1 < chars.length; i++) seen.add(chars[i]! + chars[i + 1]!);
    seen.add(chars[chars.length - 1]!);
  }
  return [...seen];
}

/** A ticket reference as people type it: OK-100042, #OK-100042. Only the number is searched. */
const TICKET_REF = /^#?[a-z]{1,6}-(\d{1,12})$/i;

/**
 * Terms are ANDed. The last word gets prefix matching while it is still being typed (no trailing
 * space) and has a letter in it; numbers stay exact so a ticket number finds that ticket only.
 */
export function parseQuery(text: string): ParsedQuery {
  const terms = new Map<string, QueryTerm>();
  const highlights: Highlight[] = [];
  const add = (token: string, prefix: boolean) => {
    const known = terms.get(token);
    if (!known) terms.set(token, { token, prefix });
    else if (!prefix) known.prefix = false;
  };
  const words = text.trim().split(/\s+/).filter(Boolean);
  const typing = !/\s$/.test(text);
  words.forEach((word, wi) => {
    const ref = TICKET_REF.exec(word.normalize("NFKC"));
    if (ref) {
      add(ref[1]!, false);
      highlights.push({ text: ref[1]!, kind: "word", prefix: false });
      return;
    }
    const segs = segments(normalizeText(word));
    segs.forEach((seg, si) => {
      const last = typing && wi === words.length - 1 && si === segs.length - 1;
      if (seg.kind === "word") {
        const prefix = last && /\p{L}/u.test(seg.text) && [...seg.text].length >= 2 && [...seg.text].length < MAX_TOKEN_CHARS;
        add(cut(seg.text), prefix);
        highlights.push({ text: seg.text, kind: "word", prefix });
        return;
      }
      const chars = [...seg.text];
      if (chars.length === 1) add(chars[0]!, true);
      for (let i = 0; i + 1 < chars.length; i++) add(chars[i]! + chars[i + 1]!, false);
      highlights.push({ text: seg.text, kind: "cjk", prefix: false });
    });
  });
  return { terms: [...terms.values()].slice(0, MAX_QUERY_TERMS), highlights };
}
