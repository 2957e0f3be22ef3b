import { test } from "node:test";
import assert from "node:assert/strict";
import { redactText, summarizeRedactions } from "./index.ts";
import type { Redaction } from "./index.ts";
import { isLuhnValid } from "../../../common/secrets/luhn.ts";
import { isValidResidentId } from "../../../common/secrets/resident-id.ts";
import { prng } from "../../test/prng.ts";

test("redacts a mixed Chinese message and reports in text order", () => {
  const r = redactText("我的卡号是6222 0202 0000 0000 006，密码是123456，请帮忙");
  assert.equal(r.text, "我的卡号是•••• 0006，密码是••••••，请帮忙");
  assert.deepEqual(r.redactions, [
    { kind: "card_number", replacement: "•••• 0006" },
    { kind: "password", replacement: "••••••" },
  ]);
});

test("redacts every kind in one message", () => {
  const input = [
    "您好，我的卡 4111-1111-1111-1111 有效期 12/26 安全码 123 被盗刷了。",
    "身份证号：11010519491231002X，登录密码：Abc@123，",
    "刚收到的验证码：654321。",
  ].join("\n");
  const r = redactText(input);
  assert.equal(
    r.text,
    [
      "您好，我的卡 •••• 1111 有效期 12/26 安全码 ••• 被盗刷了。",
      "身份证号：••••••••••••••002X，登录密码：••••••，",
      "刚收到的验证码：••••••。",
    ].join("\n"),
  );
  assert.deepEqual(
    r.redactions.map((x) => x.kind),
    ["card_number", "cvv", "resident_id", "password", "otp"],
  );
});

test("a number that is both a valid ID and Luhn-valid is reported once, as an ID", () => {
  const id = "110105194912310150";
  assert.ok(isLuhnValid(id) && isValidResidentId(id));
  const r = redactText(`number ${id}`);
  assert.deepEqual(r, { text: "number ••••••••••••••0150", redactions: [{ kind: "resident_id", replacement: "••••••••••••••0150" }] });
});

test("leaves text without secrets untouched", () => {
  for (const input of ["", "Hello, my payment of ¥1,280.00 on 2024-05-01 failed.", "订单号 202405011234，金额 88 元", "call 400-820-8820"]) {
    assert.deepEqual(redactText(input), { text: input, redactions: [] }, input);
  }
});

const SECRETS = [
  "4111 1111 1111 1111",
  "5555-5555-5555-4444",
  "３７８２８２２４６３１０００５",
  "6222020200000000006 123",
  "440308199901101512",
  "11010519491231002X",
  "身份证号 610104620927690",
  "密码：abc123",
  "password is hunter2",
  "pwd=abc123",
  "验证码 123456",
  "OTP 987654",
  "CVV: 321",
  "卡背后三位是456",
];
const FILLERS = ["，", "。", " ", "\n", " and ", "请帮忙", ", ", "；", "（", "）", " ok "];


test("is idempotent: redacting redacted text changes nothing and reports nothing", () => {
  const rand = prng(11643);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  for (let i = 0; i < 300; i++) {
    let text = "";
    const parts = 1 + Math.floor(rand() * 5);
    for (let k = 0; k < parts; k++) text += pick(FILLERS) + pick(SECRETS) + pick(FILLERS);
    const once = redactText(text);
    assert.ok(once.redactions.length >= 1, text);
    const twice = redactText(once.text);
    assert.deepEqual(twice, { text: once.text, redactions: [] }, once.text);
  }
});

test("is idempotent on dense digit soup, where masking one secret exposes its neighbour", () => {
  const alphabets = [
    ["4111", "1111", " ", "-", ".", "123", "12/26", "CVV ", "X", "440308", "19990110", "1512", "5555", "4444", "，", "1", "22", "/", ":", "a", "\u3000", "６"],
    ["4111111111111111", "378282246310005", "440308199901101512", " ", "  ", "123", "1234", "12/26", ", ", "1. ", "abc", "+", "@", "-", ".", "身份证", "密码", "验证码", "OTP", "610104620927690"],
  ];
  for (const [a, alphabet] of alphabets.entries()) {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = prng(seed * 31 + a);
      let text = "";
      while (text.length < 20_000) text += alphabet[Math.floor(rand() * alphabet.length)];
      const once = redactText(text);
      assert.deepEqual(redactText(once.text).redactions, [], `alphabet ${a}, seed ${seed}`);
    }
  }
});

test("a secret hidden by its neighbour is found once the neighbour is masked, and listed in text order", () => {
  // "1512" is followed by ":4111…", so it is not a standalone CVV until the card is masked
  const r = redactText("CVV 1512:4111111111111111 ok");
  assert.equal(r.text, "CVV •••:•••• 1111 ok");
  assert.deepEqual(r.redactions, [
    { kind: "cvv", replacement: "•••" },
    { kind: "card_number", replacement: "•••• 1111" },
  ]);
});

test("no secret digits survive in the redacted text", () => {
  const r = redactText(SECRETS.join("\n"));
  for (const leaked of ["41111111", "5555-5555", "３７８２８２", "62220202", "44030819", "11010519", "61010462", "abc123", "hunter2", "123456", "987654", "321", "456"]) {
    assert.equal(r.text.includes(leaked), false, `${leaked} in ${r.text}`);
  }
});

test("never throws, whatever it is given", () => {
  const odd: unknown[] = [undefined, null, 42, {}, "\ud800", "\u0000".repeat(10), "密码：", "password is", "CVV", "4111 "];
  for (const input of odd) {
    assert.doesNotThrow(() => redactText(input as string));
    assert.equal(typeof redactText(input as string).text, "string");
  }
  assert.equal(redactText(undefined as unknown as string).text, "");
});

test("summarizeRedactions counts per kind and omits absent kinds", () => {
  const redactions: Redaction[] = [
    { kind: "card_number", replacement: "•••• 1111" },
    { kind: "cvv", replacement: "•••" },
    { kind: "card_number", replacement: "•••• 4444" },
    { kind: "otp", replacement: "••••••" },
  ];
  assert.deepEqual(summarizeRedactions(redactions), { card_number: 2, cvv: 1, otp: 1 });
  assert.deepEqual(summarizeRedactions([]), {});
  assert.deepEqual(summarizeRedactions(redactText("卡 4111111111111111 123，密码 abc123").redactions), {
    card_number: 1,
    cvv: 1,
    password: 1,
  });
});
