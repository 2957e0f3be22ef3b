// Character classes used by every rule. All work on UTF-16 code units (everything they accept is in the BMP).

const FULLWIDTH_ZERO = 0xff10;
const FULLWIDTH_NINE = 0xff19;

/** ASCII 0-9 or full-width ０-９. */
export function isDigitCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= FULLWIDTH_ZERO && c <= FULLWIDTH_NINE);
}

/** The value 0-9 of a digit accepted by isDigitCode. */
export function digitValue(c: number): number {
  return c >= FULLWIDTH_ZERO ? c - FULLWIDTH_ZERO : c - 0x30;
}

/** ASCII or full-width Latin letter. */
export function isLatinLetterCode(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0xff21 && c <= 0xff3a) ||
    (c >= 0xff41 && c <= 0xff5a)
  );
}

/** Letters, digits and underscore (ASCII or full-width): characters that glue a number into a longer token. */
export function isWordCode(c: number): boolean {
  return isDigitCode(c) || isLatinLetterCode(c) || c === 0x5f || c === 0xff3f;
}

/** "_" (ASCII or full-width). */
function isUnderscoreCode(c: number): boolean {
  return c === 0x5f || c === 0xff3f;
}

/**
 * The character before `pos` glues a number starting there into a longer token. "_" does so only between
 * digits ("20240101_4111…"): after a word it separates, as in "IMG_4111….jpg" or "身份证_1101….jpg".
 */
export function gluesBefore(text: string, pos: number): boolean {
  if (pos === 0) return false;
  const c = text.charCodeAt(pos - 1);
  if (!isWordCode(c)) return false;
  return !isUnderscoreCode(c) || (pos >= 2 && isDigitCode(text.charCodeAt(pos - 2)));
}

/** The character at `pos` glues a number ending there into a longer token (see gluesBefore). */
export function gluesAfter(text: string, pos: number): boolean {
  if (pos >= text.length) return false;
  const c = text.charCodeAt(pos);
  if (!isWordCode(c)) return false;
  return !isUnderscoreCode(c) || (pos + 1 < text.length && isDigitCode(text.charCodeAt(pos + 1)));
}

/**
 * Characters that take no room when shown: zero-width space / joiners, direction marks, word joiner, BOM,
 * soft hyphen.
 */
export function isInvisibleCode(c: number): boolean {
  return c === 0xad || (c >= 0x200b && c <= 0x200f) || c === 0x2060 || c === 0xfeff;
}

/** A line break: LF, CR, next line, line and paragraph separators. */
export function isLineBreakCode(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** CJK ideographs (unified, extension A, compatibility). */
export function isIdeographCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

/** Horizontal white space: space, tab, NBSP, the U+2000 spaces, narrow NBSP, ideographic space. */
export function isHorizontalSpaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0xa0 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Any white space, including line breaks. */
export function isSpaceCode(c: number): boolean {
  return isHorizontalSpaceCode(c) || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** CJK and full-width punctuation: 、。「」『』【】，；：！？（） and the rest of U+3000-303F / U+FF01-FF65 that is not a letter or digit. */
export function isCjkPunctuationCode(c: number): boolean {
  if (c >= 0x3001 && c <= 0x303f) return true;
  if (c >= 0xff01 && c <= 0xff65) return !isDigitCode(c) && !isLatinLetterCode(c);
  if (c >= 0xfe10 && c <= 0xfe6f) return true; // vertical and small forms
  return c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d || c === 0x2026 || c === 0x2014;
}

/** Resident-ID characters in ASCII: full-width digits to 0-9, any x / X / full-width X to "X". */
export function toAsciiIdChars(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= FULLWIDTH_ZERO && c <= FULLWIDTH_NINE) out += String.fromCharCode(c - FULLWIDTH_ZERO + 0x30);
    else if (c === 0xff38 || c === 0xff58 || c === 0x78) out += "X";
    else out += s[i];
  }
  return out;
}
