// Character classes of the card-number rule: what may sit between digit groups, what ties a group to
// another number, and what, right before a number, says it is something else.
import {
  isCjkPunctuationCode,
  isDigitCode,
  isIdeographCode,
  isInvisibleCode,
  isSpaceCode,
  isWordCode,
} from "./chars.ts";

/**
 * Separators between the digit groups of one card: spaces, hyphens, dots, and characters that take no room
 * (zero-width space, soft hyphen), which HTML mail and copy-paste leave inside numbers.
 */
export function isCardSeparatorCode(c: number): boolean {
  if (c === 0x20 || c === 0xa0 || c === 0x3000 || c === 0x202f || (c >= 0x2000 && c <= 0x200a)) return true;
  if (c === 0x2d || c === 0x2e || c === 0xff0d || c === 0xff0e) return true; // - . and full-width forms
  if (isInvisibleCode(c)) return true;
  return (c >= 0x2010 && c <= 0x2015) || c === 0x2212; // hyphens, dashes, minus sign
}

/** Characters that tie a digit group to its neighbour digits ("12/26", "12:30", "1,234"). */
export function isAttachingCode(c: number): boolean {
  return c === 0x2f || c === 0x3a || c === 0x2c || c === 0xff1a || c === 0xff0f;
}

/** Characters which, right before a number, say it is not a card (phone, URL path, mail address, money). */
export function isForeignPrefixCode(c: number): boolean {
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
