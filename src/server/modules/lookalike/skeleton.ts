// UTS #39 skeletons: two strings that look alike have the same skeleton.
import { CONFUSABLES, DOMAIN_EXTRAS, foldFullWidth } from "./confusables.ts";

function mapEach(text: string, map: (ch: string) => string): string {
  let out = "";
  for (const ch of text) out += map(ch);
  return out;
}

/**
 * UTS #39 skeleton (NFD, map confusables, NFD), after lowercasing: the table is written for
 * case-folded text, which is what IDNA leaves in a domain name.
 */
export function skeleton(text: string): string {
  const folded = mapEach(text.toLowerCase(), foldFullWidth).normalize("NFD");
  return mapEach(folded, (ch) => CONFUSABLES[ch] ?? ch).normalize("NFD");
}

/** Skeleton plus the typosquatting extras (vv/w, cl/d, i/l); used only to compare domain names. */
export function domainSkeleton(text: string): string {
  // After the standard mapping, so Cyrillic і (→ i) and ԁ (→ d) meet the extras too.
  return mapEach(skeleton(text), (ch) => DOMAIN_EXTRAS[ch] ?? ch).normalize("NFD");
}
