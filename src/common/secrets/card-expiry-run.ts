// A printed card followed in the same run of digit groups by its expiry date, and maybe the CVV, as when
// only spaces separate them: "4111 1111 1111 1111 12 26 123", "… 1226 123", "… 12 2026". The card's groups
// must be printed ones (4-4-4-4 …) and a date must follow ("12 26", "12 2026", or "1226" when a CVV comes
// after it), then at most one short group, so a longer number ("4111 1111 1111 1111 5555") or a list is
// not read as a card. (With "/" the expiry is a token of its own and card-cvv.ts reads it.)
import { groupLength, isAmex, isPrintedLengths } from "./card-layout.ts";
import type { Run } from "./card-runs.ts";

export type CardBeforeExpiry = { from: number; to: number; card: string; cvvGroup: number | null };

function numberAt(text: string, run: Run, g: number): number {
  let value = 0;
  for (let i = run.starts[g]!; i < run.ends[g]!; i++) value = value * 10 + (text.charCodeAt(i) & 0xf); // full-width digits too
  return value;
}

function isPrintedCard(run: Run, from: number, to: number): boolean {
  const lengths: number[] = [];
  for (let g = from; g < to; g++) lengths.push(groupLength(run, g));
  return isPrintedLengths(lengths);
}

const isMonth = (m: number) => m >= 1 && m <= 12;

/** How many groups from g form an expiry date: "12 26", "12 2026" (2 groups), "1226" (1); 0 when none. */
function expiryGroups(text: string, run: Run, g: number): number {
  const n = run.starts.length;
  if (g >= n) return 0;
  if (groupLength(run, g) === 2 && g + 1 < n && isMonth(numberAt(text, run, g))) {
    const year = groupLength(run, g + 1);
    if (year === 2 || (year === 4 && Math.floor(numberAt(text, run, g + 1) / 100) === 20)) return 2;
  }
  if (groupLength(run, g) === 4 && isMonth(Math.floor(numberAt(text, run, g) / 100))) return 1;
  return 0;
}

/**
 * The card at the start of the run (from one of `firsts`), its expiry, and at most one more group, which is
 * its CVV when of a CVV's length; `cardOf(from, to)` gives the plausible card digits of groups [from, to), or null.
 */
export function cardBeforeExpiry(
  text: string, run: Run, firsts: number[], cardOf: (from: number, to: number) => string | null,
): CardBeforeExpiry | null {
  const n = run.starts.length;
  for (const from of firsts) {
    for (let to = from + 3; to <= from + 5; to++) {
      if (to >= n || !isPrintedCard(run, from, to)) continue;
      const expiry = expiryGroups(text, run, to);
      const rest = n - (to + expiry);
      if (expiry === 0 || rest > 1 || (rest === 1 && groupLength(run, n - 1) > 4)) continue;
      const card = cardOf(from, to);
      if (!card) continue;
      const cvv = groupLength(run, n - 1);
      const cvvFollows = rest === 1 && (cvv === 3 || (cvv === 4 && isAmex(card)));
      // "MMYY" alone reads as the fifth group of one longer number ("4111 1111 1111 1111 0512", an account
      // number); with a CVV after it, as a card's date.
      if (expiry === 1 && !cvvFollows) continue;
      return { from, to, card, cvvGroup: cvvFollows ? n - 1 : null };
    }
  }
  return null;
}
