// What a password chosen by a person must satisfy: a length window, not a known common password,
// and not built from the account's own e-mail name.
import { dictionary } from "@zxcvbn-ts/language-common";
import { AppError } from "../../errors.ts";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

// Built once: the list is static data shipped with the package (about 50,000 entries, all lowercase).
let common: Set<string> | null = null;
const commonPasswords = () => (common ??= new Set(dictionary["passwords-common"]));

/** The reason a password is refused, or null when it is acceptable. */
export function findPasswordProblem(password: string, account: { email: string }): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) return `password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return "this password is on a list of common passwords; choose another";
  const local = account.email.trim().toLowerCase().split("@")[0] ?? "";
  if (local.length >= 3 && lower.includes(local)) return "password must not contain your e-mail name";
  return null;
}

export function assertPasswordAllowed(password: string, account: { email: string }): void {
  const problem = findPasswordProblem(password, account);
  if (problem) throw new AppError("invalid_input", problem);
}
