// Which writing systems a domain label uses, and whether the mix is one UTS #39 calls suspicious.

const scripts: [string, RegExp][] = [
  ["Latin", /\p{Script=Latin}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Armenian", /\p{Script=Armenian}/u],
  ["Georgian", /\p{Script=Georgian}/u],
  ["Cherokee", /\p{Script=Cherokee}/u],
  ["Han", /\p{Script=Han}/u],
  ["Hiragana", /\p{Script=Hiragana}/u],
  ["Katakana", /\p{Script=Katakana}/u],
  ["Hangul", /\p{Script=Hangul}/u],
  ["Bopomofo", /\p{Script=Bopomofo}/u],
  ["Arabic", /\p{Script=Arabic}/u],
  ["Hebrew", /\p{Script=Hebrew}/u],
  ["Thai", /\p{Script=Thai}/u],
];

// UTS #39 "Highly Restrictive": one script, or Latin with the scripts CJK text is written in.
const allowedMixes: string[][] = [
  ["Latin", "Han", "Hiragana", "Katakana"],
  ["Latin", "Han", "Bopomofo"],
  ["Latin", "Han", "Hangul"],
];

/** Scripts of the letters in `text`; digits, hyphens and combining marks belong to none. */
export function scriptsOf(text: string): string[] {
  const found = new Set<string>();
  for (const ch of text) {
    // Common letters (the kana length mark ー) are shared by scripts and decide nothing.
    if (!/\p{L}/u.test(ch) || /[\p{Script=Common}\p{Script=Inherited}]/u.test(ch)) continue;
    const hit = scripts.find(([, re]) => re.test(ch));
    found.add(hit ? hit[0] : "Other");
  }
  return [...found];
}

/** The scripts of a label when they mix in a way no legitimate name needs, otherwise null. */
export function findMixedScripts(label: string): string[] | null {
  const used = scriptsOf(label);
  if (used.length < 2) return null;
  if (allowedMixes.some((mix) => used.every((s) => mix.includes(s)))) return null;
  return used;
}
