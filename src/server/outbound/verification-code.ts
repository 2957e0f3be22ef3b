// The verification code in every e-mail we send: 12 Crockford base32 characters (60 random bits), shown in
// groups of four (K7Q2-9XWD-3MPA). Crockford's alphabet has no I, L, O or U, and reading folds the
// look-alikes people type (O → 0, I/L → 1), so a code copied by eye still works.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const VERIFICATION_CODE_LENGTH = 12;

/** A new code, stored without dashes. */
export function newVerificationCode(): string {
  const bytes = randomBytes(VERIFICATION_CODE_LENGTH);
  // 256 is a multiple of 32, so taking each byte modulo 32 is uniform.
  return Array.from(bytes, (b) => ALPHABET[b & 31]).join("");
}

/** K7Q29XWD3MPA → K7Q2-9XWD-3MPA */
export function formatVerificationCode(code: string): string {
  return code.match(/.{1,4}/g)!.join("-");
}

/** What a person typed → the stored form, or null when it cannot be a code. */
export function readVerificationCode(input: string): string | null {
  const folded = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-–—_.·]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (folded.length !== VERIFICATION_CODE_LENGTH) return null;
  for (const ch of folded) if (!ALPHABET.includes(ch)) return null;
  return folded;
}
