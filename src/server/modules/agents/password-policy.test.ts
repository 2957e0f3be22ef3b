import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "../../errors.ts";
import { assertPasswordAllowed, findPasswordProblem } from "./password-policy.ts";

const account = { email: "li.wei@okpay.example" };

describe("password policy", () => {
  it("accepts a long, uncommon passphrase", () => {
    assert.equal(findPasswordProblem("violet tram 42 harbour", account), null);
    assert.equal(findPasswordProblem("x".repeat(7) + "Q9", account), null);
  });

  it("enforces 8 to 128 characters (counting characters, not bytes)", () => {
    assert.match(findPasswordProblem("Qz7#kp1", account) ?? "", /8 to 128/);
    assert.equal(findPasswordProblem("密码安全测试很长吧", account), null);
    assert.equal(findPasswordProblem("a9".repeat(64), account), null);
    assert.match(findPasswordProblem("a9".repeat(64) + "z", account) ?? "", /8 to 128/);
  });

  it("rejects passwords from the common-password list, whatever their case", () => {
    for (const common of ["password", "12345678", "qwertyuiop", "Iloveyou1", "PASSWORD1", "baseball"]) {
      assert.match(findPasswordProblem(common, account) ?? "", /common passwords/, common);
    }
  });

  it("rejects passwords containing the e-mail's local part", () => {
    assert.match(findPasswordProblem("my-li.wei-2026!", account) ?? "", /e-mail name/);
    assert.match(findPasswordProblem("LI.WEI-rocks-99", account) ?? "", /e-mail name/);
    // Too short a local part would reject half of all passwords; it is not checked.
    assert.equal(findPasswordProblem("joker in the tram", { email: "jo@okpay.example" }), null);
  });

  it("throws invalid_input with the reason", () => {
    assert.throws(() => assertPasswordAllowed("password", account), (e: unknown) => e instanceof AppError && e.code === "invalid_input");
  });
});
