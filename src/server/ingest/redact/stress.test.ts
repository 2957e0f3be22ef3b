// Large and adversarial inputs must finish (every rule is linear or bounded per character). No timings
// are asserted; a regression to quadratic or exponential work shows up as a test that never ends.
import { test } from "node:test";
import assert from "node:assert/strict";
import { redactHtml, redactText } from "./index.ts";
import { prng } from "../../test/prng.ts";

const MB = 1 << 20;


function randomFrom(alphabet: string[], length: number, seed: number): string {
  const rand = prng(seed);
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const piece = alphabet[Math.floor(rand() * alphabet.length)]!;
    parts.push(piece);
    size += piece.length;
  }
  return parts.join("");
}

test("1 MB of digits and spaces", () => {
  const text = randomFrom(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", " "], MB, 1);
  const r = redactText(text);
  assert.equal(typeof r.text, "string");
  // every finding is one of ours, and a second pass finds nothing new
  for (const x of r.redactions) assert.ok(x.kind === "card_number" || x.kind === "cvv" || x.kind === "resident_id");
  assert.deepEqual(redactText(r.text).redactions, []);
});

test("1 MB of random mixed text with labels, separators and full-width digits", () => {
  const alphabet = [
    ..."abcXYZ0123456789０１２９ -.:：=，。；！/@+\n\t\u00a0\u3000",
    "密码", "验证码", "password", " is ", "pwd=", "PIN", "OTP", "CVV", "安全码", "身份证", "4111", "1111 ", "X", "你好",
  ];
  const text = randomFrom(alphabet, MB, 2);
  const r = redactText(text);
  assert.ok(r.text.length > 0);
  assert.deepEqual(redactText(r.text).redactions, []);
});

test("long repetitions of each trigger", () => {
  const repeats = [
    "1 ",
    "1-",
    "4111 ",
    "4111111111111111 ",
    "4111111111111111 123 ",
    "12/26 ",
    "密码",
    "密码：",
    "password is ",
    "pwd=",
    "PIN ",
    "CVV ",
    "身份证号：",
    "440308199901101512",
    "\u00a0",
    "•",
    "\"",
    "a",
  ];
  for (const unit of repeats) {
    const text = unit.repeat(Math.ceil(MB / 4 / unit.length));
    assert.equal(typeof redactText(text).text, "string", unit);
  }
  assert.ok(redactText("4111111111111111 ".repeat(20000)).redactions.length === 20000);
});

test("1 MB of HTML, including unclosed tags and entities", () => {
  const alphabet = ["<p>", "</p>", "<b>", "</b>", "<br>", '<a href="', '">', "&nbsp;", "&#x31;", "&amp;", "4111 ", "1111", "密码：", "abc123", " ", "<", "&", "%E5", "<!--", "-->"];
  const html = randomFrom(alphabet, MB, 3);
  const r = redactHtml(html);
  assert.equal(typeof r.text, "string");
  for (const unit of ["<", "&", "<a ", '<a href="', "<p>", "&#", "<!--", "%", "<b>x</b>", "<p>4111 1111 1111 1111</p>"]) {
    assert.equal(typeof redactHtml(unit.repeat(Math.ceil(MB / 4 / unit.length))).text, "string", unit);
  }
});
