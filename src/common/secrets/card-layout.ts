// How a card is laid out in a run of digit groups: shared by the card rule and its expiry reading.
import type { Run } from "./card-runs.ts";

export function groupLength(run: Run, g: number): number {
  return run.ends[g]! - run.starts[g]!;
}

export function isAmex(digits: string): boolean {
  return digits.length === 15 && (digits.startsWith("34") || digits.startsWith("37"));
}

/** Group lengths as cards are printed: 4-4-4-4(-3) and shorter runs of fours, or Amex / Diners 4-6-5 / 4-6-4. */
export function isPrintedLengths(lengths: number[]): boolean {
  const last = lengths.length - 1;
  if (last < 0) return false;
  if (lengths.slice(0, last).every((l) => l === 4) && lengths[last]! >= 3 && lengths[last]! <= 4) return true;
  return lengths.length === 3 && lengths[0] === 4 && lengths[1] === 6 && (lengths[2] === 5 || lengths[2] === 4);
}
