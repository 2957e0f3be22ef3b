// Phone numbers as customers type them: +86, 0086, spaces, dashes, brackets, full-width digits.
import { editDistance } from "./edit-distance.ts";

export type PhoneNumber = {
  /** Country calling code without "+", when the number carried one. */
  countryCode: string | null;
  /** The number without country code and without a leading trunk "0". */
  national: string;
};

// Calling codes of the markets PayDesk serves and their neighbours. Codes are prefix-free (ITU E.164),
// so the first match is the only match.
const countryCodes = [
  "1", "7", "20", "27", "30", "31", "32", "33", "34", "39", "41", "44", "49", "52", "55", "60", "61", "62", "63",
  "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "234", "254", "852", "853", "855", "856", "880",
  "886", "971", "966",
];

// "+86 400…", "(+86) 400…", "0086-400-…", "(021) 5555 1234".
const PHONE_SHAPE = /^[(\s]*\+?[\d\s\-.()]+$/;

/** The ASCII form of what the customer typed: full-width digits and signs folded (NFKC). */
function foldPhoneText(text: string): string {
  return text.normalize("NFKC").replace(/^tel:/i, "").replace(/[\u2010-\u2015\u2212]/g, "-").trim();
}

/** True when the text is a phone number and nothing else (IPv4 addresses are not). */
export function looksLikePhone(text: string): boolean {
  const folded = foldPhoneText(text);
  if (!PHONE_SHAPE.test(folded)) return false;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(folded)) return false;
  const digits = folded.replace(/\D/g, "").length;
  return digits >= 5 && digits <= 17;
}

export function parsePhone(text: string): PhoneNumber | null {
  if (!looksLikePhone(text)) return null;
  let folded = foldPhoneText(text);
  // "+44 (0)20 …": the bracketed trunk zero is not dialled from abroad.
  folded = folded.replace(/\(0\)/g, "");
  let digits = folded.replace(/\D/g, "");
  let international = /^[(\s]*\+/.test(folded);
  if (!international && digits.startsWith("00")) {
    international = true;
    digits = digits.slice(2);
  }
  if (international) {
    const code = countryCodes.find((c) => digits.startsWith(c));
    if (!code) return { countryCode: null, national: digits };
    return { countryCode: code, national: stripTrunk(digits.slice(code.length)) };
  }
  return { countryCode: null, national: stripTrunk(digits) };
}

function stripTrunk(digits: string): string {
  return digits.startsWith("0") && digits.length > 5 ? digits.slice(1) : digits;
}

export function formatPhone(phone: PhoneNumber): string {
  return phone.countryCode ? `+${phone.countryCode} ${phone.national}` : phone.national;
}

/** Both numbers reach the same line (a missing country code is taken to be the other's). */
export function isSamePhone(a: PhoneNumber, b: PhoneNumber): boolean {
  if (a.countryCode && b.countryCode) return a.countryCode === b.countryCode && a.national === b.national;
  if (a.national === b.national) return true;
  // "8613812345678" typed without "+": the country code is inside the national digits.
  const withCode = (p: PhoneNumber, other: PhoneNumber) => !p.countryCode && other.countryCode !== null && p.national === other.countryCode + other.national;
  return withCode(a, b) || withCode(b, a);
}

/** One digit changed, added, dropped or two swapped, or the same digits under another country code. */
export function isNearPhone(a: PhoneNumber, b: PhoneNumber): boolean {
  if (isSamePhone(a, b)) return false;
  if (a.national.length < 5 || b.national.length < 5) return false;
  if (a.national === b.national) return true;
  const codesAgree = !a.countryCode || !b.countryCode || a.countryCode === b.countryCode;
  return codesAgree && editDistance(a.national, b.national) === 1;
}
