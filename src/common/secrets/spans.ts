// Chooses among overlapping findings and writes the replacements into the text.
import type { SecretKind, SecretSpan } from "./types.ts";

/** When two findings overlap, the one whose kind comes first here wins. */
const PRIORITY: Record<SecretKind, number> = { resident_id: 0, card_number: 1, cvv: 2, otp: 3, password: 4 };

/** Non-overlapping spans in text order, preferring higher-priority kinds, then earlier and longer spans. */
export function resolveSpans(spans: SecretSpan[], textLength: number): SecretSpan[] {
  if (spans.length <= 1) return spans.slice();
  const ranked = spans
    .filter((s) => s.start >= 0 && s.end <= textLength && s.end > s.start)
    .sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || a.start - b.start || b.end - a.end);
  const taken = new Uint8Array(textLength);
  const kept: SecretSpan[] = [];
  for (const s of ranked) {
    let free = true;
    for (let i = s.start; i < s.end; i++) {
      if (taken[i]) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, s.start, s.end);
    kept.push(s);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** `text` with each (non-overlapping, sorted) span replaced. */
export function applySpans(text: string, spans: SecretSpan[]): string {
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    parts.push(text.slice(at, s.start), s.replacement);
    at = s.end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}
