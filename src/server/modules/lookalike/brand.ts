// Finding the company's name inside someone else's domain, address or display name.
import { domainSkeleton } from "./skeleton.ts";

/** A name to look for, in the comparable form (lowercase, no spaces or punctuation, skeleton). */
export type BrandNeedle = { label: string; skeleton: string; ascii: boolean };

export function makeNeedle(name: string): BrandNeedle | null {
  const compact = name.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, "");
  if (!compact) return null;
  return { label: name.trim(), skeleton: domainSkeleton(compact), ascii: /^\p{ASCII}+$/u.test(compact) };
}

/**
 * The needle found in `text`, matched at a token edge: a token equals it, starts with it or ends with it
 * (okpay-help, okpaysupport, secureokpay), but not merely inside a longer word (bookpayment). Short names
 * (under four characters) must be a whole token. Names in CJK scripts have no token edges and match anywhere.
 */
export function findNeedle(text: string, needles: BrandNeedle[]): BrandNeedle | null {
  const words = text.normalize("NFKC").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const tokens = words.map((w) => domainSkeleton(w));
  // "OK Pay Support" spells the name across words: join neighbours too.
  for (let i = 0; i + 1 < words.length; i++) tokens.push(domainSkeleton(words[i]! + words[i + 1]!));
  const whole = domainSkeleton(words.join(""));
  for (const needle of needles) {
    if (!needle.ascii) {
      if (whole.includes(needle.skeleton)) return needle;
      continue;
    }
    const short = Array.from(needle.skeleton).length < 4;
    for (const token of tokens) {
      if (token === needle.skeleton) return needle;
      if (!short && (token.startsWith(needle.skeleton) || token.endsWith(needle.skeleton))) return needle;
    }
  }
  return null;
}
