// Counts redactions per kind, for audit events and the agent's "3 secrets hidden" badge.
import type { Redaction, SecretKind } from "./types.ts";

export function summarizeRedactions(redactions: Redaction[]): Partial<Record<SecretKind, number>> {
  const counts: Partial<Record<SecretKind, number>> = {};
  if (!Array.isArray(redactions)) return counts;
  for (const r of redactions) {
    if (!r) continue;
    counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  }
  return counts;
}
