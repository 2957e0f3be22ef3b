// Secret redaction for inbound messages: card numbers, CVVs, PRC resident IDs, passwords and one-time codes
// are replaced before anything is stored.
export type { SecretKind, Redaction, RedactResult } from "../../../common/secrets/types.ts";
export { redactText } from "./redact-text.ts";
export { redactHtml } from "./redact-html.ts";
export { summarizeRedactions } from "./summarize.ts";
