// Secret detection shared by the server's redaction and the public pages' warnings: pure functions, no Node APIs.
export type { SecretKind, SecretSpan, Redaction, RedactResult } from "./types.ts";
export { findSecrets, detectSecretKinds } from "./find-secrets.ts";
export { applySpans } from "./spans.ts";
export { MASK_CHAR } from "./replacements.ts";
export { isLuhnValid, luhnCheckDigit } from "./luhn.ts";
export { isValidResidentId, isValidLegacyResidentId } from "./resident-id.ts";
