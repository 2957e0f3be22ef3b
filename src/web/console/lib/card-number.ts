// Warns before an agent sends what looks like a full card number: 13-19 digits (spaces or dashes
// between groups allowed) that pass the Luhn check.
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The first card-like number in text, masked for display (e.g. `4111 •••• •••• 1111`), or null. */
export function findCardNumber(text: string): string | null {
  const normalised = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const candidates = normalised.matchAll(/(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g);
  for (const m of candidates) {
    const digits = m[0].replace(/[ -]/g, "");
    if (digits.length >= 13 && digits.length <= 19 && !/^(\d)\1+$/.test(digits) && luhnValid(digits)) {
      return `${digits.slice(0, 4)} •••• •••• ${digits.slice(-4)}`;
    }
  }
  return null;
}
