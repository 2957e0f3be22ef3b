// What each kind of secret is replaced with. The masks use "•" (U+2022), which no rule reads as part of a
// secret, so redacting an already-redacted text finds nothing new.

export const MASK_CHAR = "•";

/** Replaces a CVV / CVC. */
export const CVV_REPLACEMENT = "•••";

/** Replaces the value of a password, PIN or one-time code (never its label). */
export const SECRET_VALUE_REPLACEMENT = "••••••";

/** "•••• 1111": the last four digits of the card, in ASCII. */
export function cardReplacement(asciiDigits: string): string {
  return `•••• ${asciiDigits.slice(-4)}`;
}

/** "••••••••••••••151X": one bullet per hidden character, then the last four (ASCII, upper-case X). */
export function residentIdReplacement(asciiId: string): string {
  return MASK_CHAR.repeat(Math.max(0, asciiId.length - 4)) + asciiId.slice(-4);
}
