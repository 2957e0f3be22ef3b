// Decodes HTML character references (and, for URLs, %XX escapes) while remembering, for every decoded
// UTF-16 unit, which source characters it came from. Redactions found in the decoded text are then
// written back over exactly those source characters, leaving everything else byte-for-byte as it was.

export type MappedText = {
  text: string;
  /** source offset where each decoded unit starts */
  from: number[];
  /** source offset (exclusive) where each decoded unit ends */
  to: number[];
};

const NAMED: Record<string, string> = {
  nbsp: "\u00a0",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  ensp: "\u2002",
  emsp: "\u2003",
  thinsp: "\u2009",
  shy: "\u00ad",
  zwnj: "\u200c",
  zwj: "\u200d",
  lrm: "\u200e",
  rlm: "\u200f",
  ZeroWidthSpace: "\u200b",
  ndash: "\u2013",
  mdash: "\u2014",
  minus: "\u2212",
  hyphen: "\u2010",
  dash: "\u2010",
  colon: ":",
  equals: "=",
  num: "#",
  period: ".",
  comma: ",",
  sol: "/",
  ldquo: "\u201c",
  rdquo: "\u201d",
  lsquo: "\u2018",
  rsquo: "\u2019",
};

const MAX_ENTITY_CHARS = 16;

function push(out: MappedText, s: string, from: number, to: number): void {
  out.text += s;
  for (let k = 0; k < s.length; k++) {
    out.from.push(from);
    out.to.push(to);
  }
}

function codePointString(cp: number): string {
  if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(cp);
}

/** Decodes character references in src[start, end). Unknown or malformed references stay as written. */
export function decodeEntities(src: string, start: number, end: number): MappedText {
  const out: MappedText = { text: "", from: [], to: [] };
  let i = start;
  while (i < end) {
    let stop = i;
    while (stop < end && src.charCodeAt(stop) !== 0x26) {
      out.from.push(stop);
      out.to.push(stop + 1);
      stop++;
    }
    out.text += src.slice(i, stop);
    if (stop === end) break;
    i = stop;
    const decoded = readEntity(src, i, end);
    if (decoded) {
      push(out, decoded.value, i, decoded.end);
      i = decoded.end;
    } else {
      push(out, "&", i, i + 1);
      i++;
    }
  }
  return out;
}

function readEntity(src: string, at: number, end: number): { value: string; end: number } | null {
  let p = at + 1;
  if (src[p] === "#") {
    p++;
    const hex = src[p] === "x" || src[p] === "X";
    if (hex) p++;
    const digitsStart = p;
    while (p < end && p - digitsStart < 8 && (hex ? /[0-9a-fA-F]/ : /[0-9]/).test(src[p]!)) p++;
    if (p === digitsStart) return null;
    const cp = parseInt(src.slice(digitsStart, p), hex ? 16 : 10);
    if (src[p] === ";") p++;
    return { value: codePointString(cp), end: p };
  }
  const nameStart = p;
  while (p < end && p - nameStart < MAX_ENTITY_CHARS && /[A-Za-z0-9]/.test(src[p]!)) p++;
  if (src[p] !== ";") return null;
  const value = NAMED[src.slice(nameStart, p)];
  return value === undefined ? null : { value, end: p + 1 };
}

function hexValue(c: string | undefined): number {
  if (c === undefined) return -1;
  const v = parseInt(c, 16);
  return Number.isNaN(v) ? -1 : v;
}

function byteAt(s: string, i: number): number {
  if (s[i] !== "%") return -1;
  const hi = hexValue(s[i + 1]);
  const lo = hexValue(s[i + 2]);
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/** Decodes %XX escapes (UTF-8) of an already entity-decoded URL; invalid escapes stay as written. */
export function decodePercent(m: MappedText): MappedText {
  const s = m.text;
  const out: MappedText = { text: "", from: [], to: [] };
  let i = 0;
  while (i < s.length) {
    const b0 = byteAt(s, i);
    if (b0 < 0) {
      out.text += s[i];
      out.from.push(m.from[i]!);
      out.to.push(m.to[i]!);
      i++;
      continue;
    }
    const extra = b0 < 0x80 ? 0 : b0 >= 0xc2 && b0 <= 0xdf ? 1 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xf0 && b0 <= 0xf4 ? 3 : -1;
    let cp = extra === 0 ? b0 : extra === 1 ? b0 & 0x1f : extra === 2 ? b0 & 0x0f : b0 & 0x07;
    let ok = extra >= 0;
    for (let k = 1; ok && k <= extra; k++) {
      const b = byteAt(s, i + 3 * k);
      if (b < 0x80 || b > 0xbf) ok = false;
      else cp = cp * 64 + (b & 0x3f);
    }
    if (ok && ((extra === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (extra === 3 && (cp < 0x10000 || cp > 0x10ffff)))) {
      ok = false;
    }
    if (!ok) {
      out.text += s[i];
      out.from.push(m.from[i]!);
      out.to.push(m.to[i]!);
      i++;
      continue;
    }
    const last = i + 3 * (extra + 1) - 1;
    push(out, String.fromCodePoint(cp), m.from[i]!, m.to[last]!);
    i = last + 1;
  }
  return out;
}
