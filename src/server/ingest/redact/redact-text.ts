// Plain-text redaction: runs every rule, keeps one finding per stretch of text, and reports what it did.
import { findCardNumbers } from "./card-numbers.ts";
import { isDigitCode } from "./chars.ts";
import { findCredentials } from "./credentials.ts";
import { findLabelledCvvs } from "./cvv.ts";
import { MASK_CHAR } from "./replacements.ts";
import { findResidentIds } from "./resident-id.ts";
import { applySpans, resolveSpans } from "./spans.ts";
import type { RedactResult, SecretSpan } from "./types.ts";

/** All secrets in `text` as non-overlapping spans in text order. */
export function findSecrets(text: string): SecretSpan[] {
  const found = [...findResidentIds(text), ...findCardNumbers(text), ...findLabelledCvvs(text), ...findCredentials(text)];
  return resolveSpans(found, text.length);
}

/**
 * Last resort if a rule ever fails: hide every run of 3+ digits rather than store the text unredacted.
 * Nothing is reported because nothing was identified.
 */
function maskAllNumbers(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && isDigitCode(text.charCodeAt(j))) j++;
    if (j - i >= 3) {
      out += MASK_CHAR.repeat(j - i);
      i = j;
    } else if (j > i) {
      out += text.slice(i, j);
      i = j;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

/** Redacts card numbers, CVVs, resident IDs, passwords and one-time codes in plain text. Never throws. */
export function redactText(input: string): RedactResult {
  const text = asText(input);
  try {
    const spans = findSecrets(text);
    return {
      text: applySpans(text, spans),
      redactions: spans.map((s) => ({ kind: s.kind, replacement: s.replacement })),
    };
  } catch {
    return { text: maskAllNumbers(text), redactions: [] };
  }
}

/** Callers outside TypeScript may pass anything; null and undefined read as "". */
export function asText(input: unknown): string {
  if (typeof input === "string") return input;
  if (input === null || input === undefined) return "";
  try {
    return String(input);
  } catch {
    return "";
  }
}
