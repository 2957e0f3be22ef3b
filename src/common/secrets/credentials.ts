// Passwords, PINs and one-time codes written out with a label: 密码：abc123, 支付密码 123456, password is
// hunter2, pwd=abc, PIN: 1234, 验证码 123456, verification code: 123456, OTP 123456.
// Only the value is masked; the label stays so the agent still understands the message.
import {
  isCjkPunctuationCode,
  isDigitCode,
  isIdeographCode,
  isLatinLetterCode,
  isSpaceCode,
} from "./chars.ts";
import { forEachLabel, scanConnector } from "./label-value.ts";
import { MASK_CHAR, SECRET_VALUE_REPLACEMENT } from "./replacements.ts";
import type { SecretKind, SecretSpan } from "./types.ts";

/**
 * Labels, longest first where one contains another ("动态密码" is a one-time code, not a password).
 * English labels must stand as words ("pin1=2", "pin_blocked" are not labels); "码" may follow any label
 * ("PIN码", "OTP码").
 */
const LABEL =
  /(?:短信验证码|手机验证码|动态验证码|验证码|动态密码|一次性密码|动态码|短信码|密码|口令|(?<![A-Za-z])(?:one[- ]?time (?:password|passcode|code|pin)|verification code|verify code|sms code|otp code|2fa code|otp|password|passwd|passcode|pass code|pwd|pin code|pin number|pin)(?![A-Za-z0-9_]))码?/giu;

const OTP_LABEL_PARTS = ["验证码", "动态", "一次性", "短信码", "one", "verif", "sms", "otp", "2fa"];

function kindOfLabel(label: string): SecretKind {
  const l = label.toLowerCase();
  return OTP_LABEL_PARTS.some((p) => l.includes(p)) ? "otp" : "password";
}

function isEnglishLabel(label: string): boolean {
  return isLatinLetterCode(label.charCodeAt(0));
}

const MAX_VALUE_CHARS = 64;

const QUOTES: Record<string, string> = { '"': '"', "'": "'", "“": "”", "‘": "’", "「": "」", "『": "』", "`": "`" };

/** ASCII punctuation that ends a sentence or clause rather than a password: "my password is abc123." */
const TRAILING_PUNCTUATION = new Set([".", ",", ";", ":", ")", "]", "}", ">", '"', "'", "`"]);

/**
 * Masks customers type themselves ("******"), and any value holding our mask character: it was redacted
 * already, possibly as a different secret ("密码OTP123456" leaves "密码OTP••••••").
 */
function isAlreadyMasked(value: string): boolean {
  if (value.includes(MASK_CHAR)) return true;
  for (const ch of value) if (ch !== "*" && ch !== "●" && ch !== "·" && ch !== "x" && ch !== "X") return false;
  return true;
}

function isValueBreakCode(c: number): boolean {
  return isSpaceCode(c) || isCjkPunctuationCode(c) || isIdeographCode(c);
}

/** The value starting at `start`: [start, end) or null when there is none worth masking. */
function readValue(text: string, start: number): { start: number; end: number } | null {
  const n = text.length;
  if (start >= n) return null;
  const open = text[start]!;
  const close = QUOTES[open];
  if (close !== undefined) {
    let p = start + 1;
    while (p < n && p - start <= MAX_VALUE_CHARS && text[p] !== close && text.charCodeAt(p) !== 0x0a) p++;
    if (p < n && text[p] === close && p > start + 1) return { start: start + 1, end: p };
    return null;
  }
  let p = start;
  while (p < n && !isValueBreakCode(text.charCodeAt(p))) {
    p++;
    if (p - start > MAX_VALUE_CHARS) return null;
  }
  let end = p;
  while (end > start && TRAILING_PUNCTUATION.has(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
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
    const found = readValue(text, connector.valueStart);
    if (!found) return;
    const value = text.slice(found.start, found.end);
    if (isAlreadyMasked(value)) return;
    const quoted = found.start !== connector.valueStart;
    if (!connector.hadConnector && !quoted && !isAlphanumericCode(value.charCodeAt(0))) return;
    if (kind === "otp") {
      if (!isOtpShaped(value)) return;
    } else if (english && !quoted && !connector.hadSign && !hasDigit(value)) {
      // "my PIN was blocked", "reset my password please": without ":" or "=", only a value with a digit counts
      return;
    }
    out.push({ start: found.start, end: found.end, kind, replacement: SECRET_VALUE_REPLACEMENT });
  });
  return out;
}
