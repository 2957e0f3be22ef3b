// Characters that look like Latin letters or digits in a domain name, mapped to the Latin prototype.
//
// Source: Unicode Technical Standard #39, confusables.txt (https://www.unicode.org/Public/security/latest/confusables.txt),
// "MA" entries. Only the characters that matter for domain names are kept: Cyrillic, Greek and Armenian
// letters that look Latin, Latin small capitals and variants, a few Hebrew/Arabic lookalikes, full-width
// forms, and the ASCII digit/letter pairs (0 → o, 1 → l, m → rn). Domains are case-folded by IDNA before
// anyone sees them, so lowercase sources are listed and uppercase prototypes (0 → O) are given in lowercase.
//
// DOMAIN_EXTRAS are not in confusables.txt: they are multi-letter and letter/letter tricks seen in
// typosquatting (vv for w, cl for d, i against l) and apply only to domain comparisons.

export const CONFUSABLES: Readonly<Record<string, string>> = {
  // ASCII (confusables.txt: 0030→004F, 0031→006C, 0049→006C, 006D→0072 006E, 007C→006C)
  "0": "o",
  "1": "l",
  "|": "l",
  m: "rn",

  // Latin variants
  "\u0131": "i", // ı dotless i
  "\u017F": "f", // ſ long s
  "\u01BD": "s", // ƽ tone five
  "\u0251": "a", // ɑ alpha
  "\u0261": "g", // ɡ script g
  "\u0263": "y", // ɣ gamma
  "\u0269": "i", // ɩ iota
  "\u026A": "i", // ɪ small capital i
  "\u026F": "w", // ɯ turned m
  "\u028B": "u", // ʋ v with hook
  "\u028F": "y", // ʏ small capital y
  "\u1D04": "c", // ᴄ small capital c
  "\u1D0F": "o", // ᴏ small capital o
  "\u1D11": "o", // ᴑ sideways o
  "\u1D1C": "u", // ᴜ small capital u
  "\u1D20": "v", // ᴠ small capital v
  "\u1D21": "w", // ᴡ small capital w
  "\u1D22": "z", // ᴢ small capital z
  "\u00E6": "ae", // æ
  "\u0153": "oe", // œ
  "\u0133": "ij", // ĳ
  "\u01C9": "lj", // ǉ
  "\u01CC": "nj", // ǌ
  "\u01F3": "dz", // ǳ

  // Greek (capitals fold to these small letters first)
  "\u03B1": "a", // α
  "\u03B3": "y", // γ
  "\u03B9": "i", // ι
  "\u03BD": "v", // ν
  "\u03BF": "o", // ο
  "\u03C1": "p", // ρ
  "\u03C3": "o", // σ
  "\u03C5": "u", // υ
  "\u03F1": "p", // ϱ
  "\u03F2": "c", // ϲ lunate sigma
  "\u03F3": "j", // ϳ yot

  // Cyrillic (capitals fold to these small letters first)
  "\u0430": "a", // а
  "\u0431": "6", // б
  "\u0433": "r", // г
  "\u0435": "e", // е
  "\u043E": "o", // о
  "\u0440": "p", // р
  "\u0441": "c", // с
  "\u0443": "y", // у
  "\u0445": "x", // х
  "\u0455": "s", // ѕ
  "\u0456": "i", // і
  "\u0458": "j", // ј
  "\u0461": "w", // ѡ
  "\u0475": "v", // ѵ
  "\u04AF": "y", // ү
  "\u04BB": "h", // һ
  "\u04BD": "e", // ҽ
  "\u04CF": "i", // ӏ palochka
  "\u0501": "d", // ԁ
  "\u051B": "q", // ԛ
  "\u051D": "w", // ԝ

  // Armenian
  "\u0561": "w", // ա
  "\u0563": "q", // գ
  "\u0566": "q", // զ
  "\u0570": "h", // հ
  "\u0578": "n", // ո
  "\u057C": "n", // ռ
  "\u057D": "u", // ս
  "\u0581": "g", // ց
  "\u0584": "f", // ք
  "\u0585": "o", // օ

  // Hebrew and Arabic letters that read as l and o
  "\u05D5": "l", // ו vav
  "\u05DF": "l", // ן final nun
  "\u05E1": "o", // ס samekh
  "\u0627": "l", // ا alef
  "\u0647": "o", // ه heh
};

export const DOMAIN_EXTRAS: Readonly<Record<string, string>> = {
  w: "vv",
  d: "cl",
  i: "l",
};

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic full stop, as confusables.txt maps them. */
export function foldFullWidth(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCodePoint(cp - 0xfee0);
  if (cp === 0x3002 || cp === 0xff61) return ".";
  if (cp === 0x3000) return " ";
  return ch;
}
