// Every secret a message can carry, found by pure rules that run the same on the server (redaction before
// anything is stored) and in the browser (a warning before the customer sends).
import { findCardNumbers } from "./card-numbers.ts";
import { findCredentials } from "./credentials.ts";
import { findLabelledCvvs } from "./cvv.ts";
import { findResidentIds } from "./resident-id.ts";
import { resolveSpans } from "./spans.ts";
import type { SecretKind, SecretSpan } from "./types.ts";

/** All secrets in `text` as non-overlapping spans in text order. */
export function findSecrets(text: string): SecretSpan[] {
  const found = [...findResidentIds(text), ...findCardNumbers(text), ...findLabelledCvvs(text), ...findCredentials(text)];
  return resolveSpans(found, text.length);
}

/** The kinds of secret present in `text` (each once, in a fixed order), for a warning; never throws. */
export function detectSecretKinds(text: string): SecretKind[] {
  let spans: SecretSpan[];
  try {
    spans = findSecrets(text);
  } catch {
    return [];
  }
  const order: SecretKind[] = ["card_number", "cvv", "resident_id", "password", "otp"];
  const present = new Set(spans.map((s) => s.kind));
  return order.filter((k) => present.has(k));
}
