import { test } from "node:test";
import assert from "node:assert/strict";
import { redactText } from "./redact-text.ts";
import type { SecretKind } from "../../../common/secrets/types.ts";

function check(input: string, expected: string, kind: SecretKind): void {
  const r = redactText(input);
  assert.equal(r.text, expected, input);
  assert.deepEqual(r.redactions, [{ kind, replacement: "••••••" }], input);
}

test("masks password values in Chinese phrases, keeping the label", () => {
  const table: [string, string][] = [
    ["密码: abc123", "密码: ••••••"],
    ["密码：abc123", "密码：••••••"],
    ["密码是abc123，请帮忙", "密码是••••••，请帮忙"],
    ["我的密码是 Abc@123。", "我的密码是 ••••••。"],
    ["密码是：abc123", "密码是：••••••"],
    ["支付密码 123456", "支付密码 ••••••"],
    ["支付密码123456；", "支付密码••••••；"],
    ["登录密码：Pa$$w0rd！谢谢", "登录密码：••••••！谢谢"],
    ["交易密码为 888888", "交易密码为 ••••••"],
    ["密码123456请帮忙", "密码••••••请帮忙"],
    ["密码：“abc 123”", "密码：“••••••”"],
    ["PIN码：１２３４", "PIN码：••••••"],
  ];
  for (const [input, expected] of table) check(input, expected, "password");
});

test("masks password values in English phrases, case-insensitively", () => {
  const table: [string, string][] = [
    ["password: hunter2", "password: ••••••"],
    ["Password: hunter2", "Password: ••••••"],
    ["PASSWORD：hunter2", "PASSWORD：••••••"],
    ["my password is hunter2.", "my password is ••••••."],
    ["My Password Is s3cret!, thanks", "My Password Is ••••••, thanks"],
    ["pwd=abc123", "pwd=••••••"],
    ["user=bob pwd=abc123 host=x", "user=bob pwd=•••••• host=x"],
    ["passcode: 4321", "passcode: ••••••"],
    ["PIN: 1234", "PIN: ••••••"],
    ["pin 1234", "pin ••••••"],
    ["my PIN is 0000", "my PIN is ••••••"],
    ['password: "correct horse"', 'password: "••••••"'],
    ["new_password=Tr0ub4dor&3", "new_password=••••••"],
  ];
  for (const [input, expected] of table) check(input, expected, "password");
});

test("masks one-time codes", () => {
  const table: [string, string][] = [
    ["验证码 123456", "验证码 ••••••"],
    ["验证码：123456", "验证码：••••••"],
    ["验证码是123456，", "验证码是••••••，"],
    ["短信验证码：５６７８９０", "短信验证码：••••••"],
    ["动态码 889900。", "动态码 ••••••。"],
    ["短信码:4455", "短信码:••••••"],
    ["动态密码 887766", "动态密码 ••••••"], // a one-time code, not the account password
    ["verification code: 123456", "verification code: ••••••"],
    ["Your Verification Code is 123456.", "Your Verification Code is ••••••."],
    ["OTP 123456", "OTP ••••••"],
    ["otp: A1B2C3", "otp: ••••••"],
    ["SMS code 778899", "SMS code ••••••"],
    ["one-time password: 246810", "one-time password: ••••••"],
  ];
  for (const [input, expected] of table) check(input, expected, "otp");
});

test("does not mask ordinary talk about passwords and codes", () => {
  for (const input of [
    "I forgot my password, please reset it",
    "reset my password please",
    "my password is not working",
    "the password is too long",
    "密码错误，请重置",
    "请输入密码：",
    "验证码收不到",
    "验证码已发送到手机",
    "verification code did not arrive",
    "OTP not received",
    "https://pay.example/reset-password?token=abc",
    "https://pay.example/password/reset",
    "passwords: none",
    "spinning pinwheel",
    "compwd=abc", // not a word on its own
    "密码：******",
    "password: ••••••",
  ]) {
    assert.deepEqual(redactText(input).redactions, [], input);
  }
});

test("a value ends at white space and at Chinese or sentence punctuation", () => {
  assert.equal(redactText("密码abc123，用户名bob").text, "密码••••••，用户名bob");
  assert.equal(redactText("密码abc123。用户名bob").text, "密码••••••。用户名bob");
  assert.equal(redactText("密码abc123；用户名bob").text, "密码••••••；用户名bob");
  assert.equal(redactText("密码abc123！").text, "密码••••••！");
  assert.equal(redactText("password: abc123, user: bob").text, "password: ••••••, user: bob");
  assert.equal(redactText("password: abc123\nuser: bob").text, "password: ••••••\nuser: bob");
});

test("masks labelled CVVs", () => {
  const table: [string, string][] = [
    ["CVV: 123", "CVV: •••"],
    ["cvv2 123", "cvv2 •••"],
    ["CVC：４５６", "CVC：•••"],
    ["CVV/CVC 123", "CVV/CVC •••"],
    ["安全码123", "安全码•••"],
    ["安全码是 321，", "安全码是 •••，"],
    ["校验码：789", "校验码：•••"],
    ["卡背后三位是456", "卡背后三位是•••"],
    ["security: cvv 1234.", "security: cvv •••."],
  ];
  for (const [input, expected] of table) {
    const r = redactText(input);
    assert.equal(r.text, expected, input);
    assert.deepEqual(r.redactions, [{ kind: "cvv", replacement: "•••" }], input);
  }
  for (const input of ["CVV 12", "CVV 12345", "cvv 123abc", "cvv 123元", "CVVs are printed on the back"]) {
    assert.deepEqual(redactText(input).redactions, [], input);
  }
});

test("reads traditional Chinese labels", () => {
  check("密碼：abc12345", "密碼：••••••", "password");
  check("登入密碼是 Abc@123。", "登入密碼是 ••••••。", "password");
  check("驗證碼：123456", "驗證碼：••••••", "otp");
  check("簡訊驗證碼 654321", "簡訊驗證碼 ••••••", "otp");
  check("動態密碼 887766", "動態密碼 ••••••", "otp");
  for (const [input, expected] of [["安全碼：123", "安全碼：•••"], ["校驗碼 456", "校驗碼 •••"], ["卡背後三位是789", "卡背後三位是•••"]]) {
    assert.deepEqual(redactText(input!), { text: expected, redactions: [{ kind: "cvv", replacement: "•••" }] }, input);
  }
});

test("reads one-time codes written in groups, and a security code", () => {
  check("验证码 123 456", "验证码 ••••••", "otp");
  check("验证码: 123-456", "验证码: ••••••", "otp");
  check("OTP 12 34 56。", "OTP ••••••。", "otp");
  check("your security code is 482913", "your security code is ••••••", "otp");
  const cvv = redactText("security code: 123");
  assert.deepEqual(cvv, { text: "security code: •••", redactions: [{ kind: "cvv", replacement: "•••" }] });
  // not a code: a price after the digits, a date, too many digits for one
  for (const input of ["验证码: 123 456元", "验证码 2024-01-15", "验证码 12 34 56 78 90 12"]) {
    assert.deepEqual(redactText(input).redactions, [], input);
  }
});

test("after a colon, a password runs to the end of its line or clause", () => {
  const table: [string, string][] = [
    ["password: correct horse battery staple", "password: ••••••"],
    ["Password: correct horse battery staple\nThanks", "Password: ••••••\nThanks"],
    ["密码：P@ss w0rd", "密码：••••••"],
    ["密码：P@ss w0rd，谢谢", "密码：••••••，谢谢"],
    ["password: two words. Please reset it", "password: ••••••. Please reset it"],
    ["password: two words user: bob", "password: •••••• user: bob"],
  ];
  for (const [input, expected] of table) check(input, expected, "password");
  // in prose ("is", "是") and after "=" the value is one word; a PIN is one number
  check("my password is hunter2 and it fails", "my password is •••••• and it fails", "password");
  check("pwd=abc123 host=x", "pwd=•••••• host=x", "password");
  check("PIN: 1234 please help", "PIN: •••••• please help", "password");
  // a number after the phrase is read by its own rule
  assert.equal(redactText("password: hunter2 card 4111 1111 1111 1111").text, "password: •••••• •••• 1111");
});

test("a value may sit on the line or in the table cell after its label", () => {
  check("Password:\nhunter2x", "Password:\n••••••", "password");
  check("密码：\r\n  abc12345", "密码：\r\n  ••••••", "password");
  check("密码\u2029abc12345", "密码\u2029••••••", "password"); // the cell break of redacted HTML
  check("验证码：\n123456", "验证码：\n••••••", "otp");
  assert.equal(redactText("CVV\u2029123").text, "CVV\u2029•••");
  assert.equal(redactText("CVV:\n123").text, "CVV:\n•••");
  for (const input of [
    "Password:\n\nhunter2x", // two breaks
    "Reset password\nhunter2x", // a heading, not a label: no ":" or "="
    "How to change your password:\n1. Open settings",
    "密码\u2029Changed",
    "CVV\n123 Main Street",
  ]) {
    assert.deepEqual(redactText(input).redactions, [], JSON.stringify(input));
  }
});

test("a key=value value ends where the next parameter starts; a long value has its start masked", () => {
  const url = "https://pay.example/login?user=bob&pwd=hunter2x&redirect=https://pay.example/account/settings/security";
  assert.equal(redactText(url).text, url.replace("hunter2x", "••••••"));
  assert.equal(redactText("pwd=hunter2x&amp;next=1").text, "pwd=••••••&amp;next=1");
  check("new_password=Tr0ub4dor&3", "new_password=••••••", "password"); // "&3" starts no parameter
  const long = "Q".repeat(70) + "9";
  assert.equal(redactText(`password=${long}`).text, `password=••••••${long.slice(64)}`);
  assert.equal(redactText(`password: "${long}"`).text, `password: "••••••${long.slice(64)}"`);
});
