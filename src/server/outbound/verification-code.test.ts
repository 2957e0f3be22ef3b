// Verification codes: unguessable, readable in groups, and forgiving of how people copy them.
import assert from "node:assert/strict";
import { it } from "node:test";
import { appendVerificationFooter } from "./templates/verification-footer.ts";
import { formatVerificationCode, newVerificationCode, readVerificationCode } from "./verification-code.ts";

it("makes 12-character Crockford codes (60 bits) that differ every time", () => {
  const codes = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const code = newVerificationCode();
    assert.match(code, /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{12}$/);
    codes.add(code);
  }
  assert.equal(codes.size, 2000);
  // Every symbol of the alphabet turns up: the bits are spread over all 32 of them.
  assert.equal(new Set([...codes].join("")).size, 32);
});

it("shows codes in groups of four", () => {
  assert.equal(formatVerificationCode("K7Q29XWD3MPA"), "K7Q2-9XWD-3MPA");
});

it("reads codes as people type them: any case, spaces, dashes, O for 0, I and L for 1", () => {
  assert.equal(readVerificationCode("k7q2-9xwd-3mpa"), "K7Q29XWD3MPA");
  assert.equal(readVerificationCode(" K7Q2 9XWD 3MPA "), "K7Q29XWD3MPA");
  assert.equal(readVerificationCode("Ｋ７Ｑ２－９ＸＷＤ－３ＭＰＡ"), "K7Q29XWD3MPA");
  assert.equal(readVerificationCode("O0IL-AAAA-BBBB"), "0011AAAABBBB");
  assert.equal(readVerificationCode("K7Q2-9XWD-3MP"), null);
  assert.equal(readVerificationCode("K7Q2-9XWD-3MPU"), null, "U is not in the alphabet");
  assert.equal(readVerificationCode("<script>alert(1)</script>"), null);
});

it("puts the footer after the signature separator, or adds one", () => {
  const facts = { code: "K7Q29XWD3MPA", publicUrl: "https://help.okpay.com", companyName: "OKPay" };
  const withSig = appendVerificationFooter("Hello\n\n--\nOK-100001", facts);
  assert.equal(withSig.split("\n--\n").length, 2, "no second separator");
  assert.match(withSig, /OK-100001\n\nVerification code: K7Q2-9XWD-3MPA\n/);
  assert.match(withSig, /https:\/\/help\.okpay\.com\/verify/);
  assert.match(withSig, /邮件验证码：K7Q2-9XWD-3MPA/);
  assert.match(appendVerificationFooter("Hello", facts), /^Hello\n\n-- \nVerification code: K7Q2-9XWD-3MPA/);
});
