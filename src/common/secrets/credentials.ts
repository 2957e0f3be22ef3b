// Passwords, PINs and one-time codes written out with a label: 密码：abc123, 支付密码 123456, password is
// hunter2, pwd=abc, PIN: 1234, 验证码 123456, verification code: 123456, OTP 123456.
// Only the value is masked; the label stays so the agent still understands the message.
import { isDigitCode, isLatinLetterCode } from "./chars.ts";
import { readGroupedCode, readValue } from "./credential-value.ts";
import { forEachLabel, scanConnector } from "./label-value.ts";
import { MASK_CHAR, SECRET_VALUE_REPLACEMENT } from "./replacements.ts";
import type { SecretKind, SecretSpan } from "./types.ts";

/**
 * Labels, longest first where one contains another ("动态密码" is a one-time code, not a password), in
 * simplified and traditional Chinese. English labels must stand as words ("pin1=2", "pin_blocked" are not
 * labels); "码" may follow any label ("PIN码", "OTP码").
 */
const LABEL =
  /(?:短信验证码|手机验证码|动态验证码|验证码|动态密码|一次性密码|动态码|短信码|密码|口令|簡訊驗證碼|短信驗證碼|手機驗證碼|動態驗證碼|驗證碼|認證碼|動態密碼|一次性密碼|動態碼|簡訊碼|短信碼|密碼|(?<![A-Za-z])(?:one[- ]?time (?:password|passcode|code|pin)|verification code|verify code|security code|sms code|otp code|2fa code|otp|password|passwd|passcode|pass code|pwd|pin code|pin number|pin)(?![A-Za-z0-9_]))[码碼]?/giu;

const OTP_LABEL_PARTS = ["验证码", "驗證碼", "認證碼", "动态", "動態", "一次性", "短信码", "短信碼", "簡訊", "one", "verif", "secur", "sms", "otp", "2fa"];

/** Shortest value read from the line after its label. */
const MIN_NEXT_LINE_VALUE = 4;

/** PINs are digits: the words after one are prose, never part of it. */
const PIN_LABEL = /pin/i;

function kindOfLabel(label: string): SecretKind {
  const l = label.toLowerCase();
  return OTP_LABEL_PARTS.some((p) => l.includes(p)) ? "otp" : "password";
}

function isEnglishLabel(label: string): boolean {
  return isLatinLetterCode(label.charCodeAt(0));
}

/**
 * Masks customers type themselves ("******"), and any value holding our mask character: it was redacted
 * already, possibly as a different secret ("密码OTP123456" leaves "密码OTP••••••").
 */
function isAlreadyMasked(value: string): boolean {
  if (value.includes(MASK_CHAR)) return true;
  for (const ch of value) if (ch !== "*" && ch !== "●" && ch !== "·" && ch !== "x" && ch !== "X") return false;
  return true;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isDigitCode(s.charCodeAt(i))) return true;
  return false;
}

function isAlphanumericCode(c: number): boolean {
  return isDigitCode(c) || isLatinLetterCode(c);
}

/** One-time codes are short letters-and-digits strings with at least one digit. */
function isOtpShaped(value: string): boolean {
  if (value.length < 4 || value.length > 10 || !hasDigit(value)) return false;
  for (let i = 0; i < value.length; i++) if (!isAlphanumericCode(value.charCodeAt(i))) return false;
  return true;
}

/** Every labelled password / PIN (kind "password") and one-time code (kind "otp") value in `text`. */
export function findCredentials(text: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  forEachLabel(text, LABEL, (labelStart, labelEnd) => {
    const label = text.slice(labelStart, labelEnd);
    const kind = kindOfLabel(label);
    const english = isEnglishLabel(label);
    const connector = scanConnector(text, labelEnd);
    const phrase = kind === "password" && connector.hadSign && !connector.equals && !PIN_LABEL.test(label);
    const grouped = kind === "otp" ? readGroupedCode(text, connector.valueStart) : null;
    const found = grouped ?? readValue(text, connector.valueStart, { phrase, ampersandEnds: connector.equals });
    if (!found) return;
    const value = text.slice(found.start, found.end);
    if (isAlreadyMasked(value)) return;
    // on the next line, a list number or bullet ("Password:\n1. Open settings") is no value
    if (connector.nextLine && value.length < MIN_NEXT_LINE_VALUE) return;
    const quoted = found.start !== connector.valueStart;
    if (!connector.hadConnector && !quoted && !isAlphanumericCode(value.charCodeAt(0))) return;
    if (kind === "otp") {
      if (!grouped && !isOtpShaped(value)) return;
    } else if ((english || connector.nextLine) && !quoted && !connector.hadSign && !hasDigit(value)) {
      // "my PIN was blocked", "reset my password please", "<td>密码</td><td>Changed</td>": without ":" or
      // "=", only a value with a digit counts
      return;
    }
    out.push({ start: found.start, end: found.end, kind, replacement: SECRET_VALUE_REPLACEMENT });
  });
  return out;
}
