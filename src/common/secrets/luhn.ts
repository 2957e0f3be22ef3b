// The Luhn (mod 10) check used by every payment card number.

/** True when `digits` (ASCII 0-9 only) passes the Luhn check. Empty or non-digit input is never valid. */
export function isLuhnValid(digits: string): boolean {
  if (digits.length === 0) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 0x30;
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

/** The digit that, appended to `payload` (ASCII digits), makes a Luhn-valid number. */
export function luhnCheckDigit(payload: string): string {
  for (let d = 0; d <= 9; d++) {
    if (isLuhnValid(payload + d)) return String(d);
  }
  throw new Error("payload must be ASCII digits");
}
