// Warns before an agent sends what looks like a full card number: 13-19 digits (spaces or dashes
// between groups allowed) that pass the Luhn check.
import { isLuhnValid } from "../../../common/secrets/index.ts";

/** The first card-like number in text, masked for display (e.g. `4111 •••• •••• 1111`), or null. */
export function findCardNumber(text: string): string | null {
  const normalised = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const candidates = normalised.matchAll(/(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g);
  for (const m of candidates) {
    const digits = m[0].replace(/[ -]/g, "");
    if (digits.length >= 13 && digits.length <= 19 && !/^(\d)\1+$/.test(digits) && isLuhnValid(digits)) {
      return `${digits.slice(0, 4)} •••• •••• ${digits.slice(-4)}`;
    }
  }
  return null;
}
