// PRC resident identity card numbers (GB 11643-1999): 18 characters, the last a mod-11 check character.
// 15-digit numbers issued before 1999 carry no check character, so they only count after a label
// ("身份证号：", "ID number").
import { gluesAfter, gluesBefore, isDigitCode, toAsciiIdChars } from "./chars.ts";
import { forEachLabel, scanConnector } from "./label-value.ts";
import { residentIdReplacement } from "./replacements.ts";
import type { SecretSpan } from "./types.ts";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = "10X98765432";

/**
 * First two digits: the province-level codes of GB/T 2260 (11-65), plus 81-83 used for the residence
 * permits of Hong Kong, Macao and Taiwan residents.
 */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 81, 82, 83,
]);

/** The check character for the first 17 digits (ASCII) of an 18-character ID. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 0x30) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** A real calendar date with a plausible birth year. */
export function isRealBirthDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < 1800 || year > 2099) return false;
  if (!Number.isInteger(month) || month < 1 || month > 12) return false;
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return Number.isInteger(day) && day >= 1 && day <= days;
}

function isAllAsciiDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** True for a valid 18-character ID: province code, birth date and check character (ASCII or full-width). */
export function isValidResidentId(id: string): boolean {
  const s = toAsciiIdChars(id);
  if (s.length !== 18 || !isAllAsciiDigits(s.slice(0, 17))) return false;
  if (!PROVINCE_CODES.has(Number(s.slice(0, 2)))) return false;
  if (!isRealBirthDate(Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14)))) return false;
  return residentIdCheckChar(s) === s[17];
}

/** True for a plausible 15-digit pre-1999 ID: province code and a 19YY birth date. */
export function isValidLegacyResidentId(id: string): boolean {
  const s = toAsciiIdChars(id);
  if (s.length !== 15 || !isAllAsciiDigits(s)) return false;
  if (!PROVINCE_CODES.has(Number(s.slice(0, 2)))) return false;
  return isRealBirthDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)));
}

function isCheckXCode(c: number): boolean {
  return c === 0x58 || c === 0x78 || c === 0xff38 || c === 0xff58;
}

function span(text: string, start: number, end: number): SecretSpan {
  return { start, end, kind: "resident_id", replacement: residentIdReplacement(toAsciiIdChars(text.slice(start, end))) };
}

const LEGACY_LABEL =
  /身份[证證](?:[号號][码碼]?)?|(?<![A-Za-z])(?:id card(?: number| no\.?)?|id number|id no\.?|identity card(?: number| no\.?)?|identity number)(?![A-Za-z])/giu;

/** Every resident ID in `text`: unlabelled 18-character IDs and labelled 15-digit ones. */
export function findResidentIds(text: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isDigitCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isDigitCode(text.charCodeAt(i))) i++;
    if (gluesBefore(text, start)) continue;
    const len = i - start;
    let end = i;
    if (len === 17 && i < n && isCheckXCode(text.charCodeAt(i))) end = i + 1;
    else if (len !== 18) continue;
    if (gluesAfter(text, end)) continue;
    if (isValidResidentId(text.slice(start, end))) out.push(span(text, start, end));
  }
  forEachLabel(text, LEGACY_LABEL, (_labelStart, labelEnd) => {
    const { valueStart } = scanConnector(text, labelEnd);
    let p = valueStart;
    while (p < n && p - valueStart <= 15 && isDigitCode(text.charCodeAt(p))) p++;
    if (p - valueStart !== 15) return;
    if (gluesAfter(text, p)) return;
    if (isValidLegacyResidentId(text.slice(valueStart, p))) out.push(span(text, valueStart, p));
  });
  return out;
}
