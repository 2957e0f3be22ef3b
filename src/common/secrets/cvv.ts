// CVV / CVC codes written with a label: CVV: 123, CVC2 123, security code 123, 安全码 123, 校验码：123,
// 卡背后三位是123.
// (A CVV written right after a card number is found by card-numbers.ts.)
import { isDigitCode } from "./chars.ts";
import { endsStandaloneNumber } from "./card-chars.ts";
import { forEachLabel, scanConnector } from "./label-value.ts";
import { CVV_REPLACEMENT } from "./replacements.ts";
import type { SecretSpan } from "./types.ts";

/** In simplified and traditional Chinese; "security code" is also read by credentials.ts, for a one-time code. */
const LABEL =
  /(?:安全[码碼]|校[验驗][码碼]|卡?背[后後面]?三位(?:数字|數字|数|數)?|(?<![A-Za-z])(?:cvv2|cvc2|cvv|cvc|cvn2|card verification (?:value|code)|(?:card )?security code)(?: ?\/ ?(?:cvv2|cvc2|cvv|cvc))?(?![A-Za-z]))[码碼]?/giu;

/** Every labelled CVV in `text`. */
export function findLabelledCvvs(text: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  forEachLabel(text, LABEL, (_labelStart, labelEnd) => {
    const { valueStart } = scanConnector(text, labelEnd);
    let p = valueStart;
    while (p < text.length && p - valueStart <= 4 && isDigitCode(text.charCodeAt(p))) p++;
    const len = p - valueStart;
    if (len < 3 || len > 4) return;
    if (!endsStandaloneNumber(text, p)) return;
    out.push({ start: valueStart, end: p, kind: "cvv", replacement: CVV_REPLACEMENT });
  });
  return out;
}
