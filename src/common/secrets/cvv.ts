// CVV / CVC codes written with a label: CVV: 123, CVC2 123, 安全码 123, 校验码：123, 卡背后三位是123.
// (A CVV written right after a card number is found by card-numbers.ts.)
import { isDigitCode } from "./chars.ts";
import { endsStandaloneNumber } from "./card-numbers.ts";
import { forEachLabel, scanConnector } from "./label-value.ts";
import { CVV_REPLACEMENT } from "./replacements.ts";
import type { SecretSpan } from "./types.ts";

const LABEL =
  /(?:安全码|校验码|卡背后三位(?:数字|数)?|卡背面三位(?:数字|数)?|卡背三位(?:数字|数)?|背面三位(?:数字|数)?|(?<![A-Za-z])(?:cvv2|cvc2|cvv|cvc|cvn2|card verification (?:value|code))(?: ?\/ ?(?:cvv2|cvc2|cvv|cvc))?(?![A-Za-z]))码?/giu;

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
