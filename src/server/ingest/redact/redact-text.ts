// Plain-text redaction: runs every rule, keeps one finding per stretch of text, and reports what it did.
// The rules themselves live in src/common/secrets (the contact form's warning runs the same ones in the browser).
import { isDigitCode } from "../../../common/secrets/chars.ts";
import { findSecrets } from "../../../common/secrets/find-secrets.ts";
import { MASK_CHAR } from "../../../common/secrets/replacements.ts";
import { applySpans } from "../../../common/secrets/spans.ts";
import type { RedactResult, Redaction, SecretSpan } from "../../../common/secrets/types.ts";

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

/**
 * Replacing a secret changes what its neighbours look like: "CVV 1512:4111111111111111" hides a labelled CVV
 * until the card after it is masked. So the rules run again over their own output until nothing new is found;
 * that also makes redacting a redacted text a no-op. Every pass removes digits or unmasked characters, so
 * this ends; the cap only bounds the work on adversarial input.
 */
export const MAX_PASSES = 8;

type Placed = { at: number; redaction: Redaction };

/** Moves positions of earlier findings past the replacements of one pass (both lists sorted by position). */
function shiftPlaced(placed: Placed[], spans: SecretSpan[]): void {
  let k = 0;
  let delta = 0;
  for (const p of placed) {
    while (k < spans.length && spans[k]!.end <= p.at) {
      delta += spans[k]!.replacement.length - (spans[k]!.end - spans[k]!.start);
      k++;
    }
    const s = spans[k];
    // a new finding that swallowed part of an earlier replacement: place both where the new one starts
    p.at = s !== undefined && s.start < p.at ? s.start + delta : p.at + delta;
  }
}

function redactPasses(text: string): RedactResult {
  let current = text;
  let placed: Placed[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const spans = findSecrets(current);
    if (spans.length === 0) break;
    shiftPlaced(placed, spans);
    const added: Placed[] = [];
    let delta = 0;
    for (const s of spans) {
      added.push({ at: s.start + delta, redaction: { kind: s.kind, replacement: s.replacement } });
      delta += s.replacement.length - (s.end - s.start);
    }
    placed = mergeByPosition(placed, added);
    current = applySpans(current, spans);
  }
  return { text: current, redactions: placed.map((p) => p.redaction) };
}

function mergeByPosition(a: Placed[], b: Placed[]): Placed[] {
  if (a.length === 0) return b;
  const out: Placed[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.at <= b[j]!.at)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/** Redacts card numbers, CVVs, resident IDs, passwords and one-time codes in plain text. Never throws. */
export function redactText(input: string): RedactResult {
  const text = asText(input);
  try {
    return redactPasses(text);
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
