// Counts redactions per kind, e.g. for audit events and for showing how many secrets a message had.
import type { Redaction, SecretKind } from "../../../common/secrets/types.ts";

export function summarizeRedactions(redactions: Redaction[]): Partial<Record<SecretKind, number>> {
  const counts: Partial<Record<SecretKind, number>> = {};
  if (!Array.isArray(redactions)) return counts;
  for (const r of redactions) {
    if (!r) continue;
    counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  }
  return counts;
}
