import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Secret, TOTP } from "otpauth";
import { generateTotpCode, matchTotpStep, newTotpSecret, totpUri } from "./totp.ts";

const t0 = Date.parse("2026-03-02T08:00:10.000Z");
const stepOf = (ms: number) => Math.floor(ms / 30_000);

describe("TOTP", () => {
  const secret = newTotpSecret();
  // An independent authenticator: otpauth configured the way phone apps default to.
  const phone = new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });

  it("accepts the current code and one step either side, and says which step it was", () => {
    assert.equal(matchTotpStep(secret, phone.generate({ timestamp: t0 }), t0), stepOf(t0));
    assert.equal(matchTotpStep(secret, phone.generate({ timestamp: t0 - 30_000 }), t0), stepOf(t0) - 1);
    assert.equal(matchTotpStep(secret, phone.generate({ timestamp: t0 + 30_000 }), t0), stepOf(t0) + 1);
  });

  it("rejects codes two steps away, other secrets' codes and malformed input", () => {
    assert.equal(matchTotpStep(secret, phone.generate({ timestamp: t0 - 60_000 }), t0), null);
    assert.equal(matchTotpStep(secret, phone.generate({ timestamp: t0 + 60_000 }), t0), null);
    assert.equal(matchTotpStep(secret, generateTotpCode(newTotpSecret(), t0), t0), null);
    assert.equal(matchTotpStep(secret, "12345", t0), null);
    assert.equal(matchTotpStep(secret, "abcdef", t0), null);
  });

  it("tolerates spaces people type between digit groups", () => {
    const code = phone.generate({ timestamp: t0 });
    assert.equal(matchTotpStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, t0), stepOf(t0));
  });

  it("builds an otpauth:// URL phone apps read (SHA1, 6 digits, 30 s)", () => {
    const url = new URL(totpUri(secret, "li.wei@okpay.example", "OKPay"));
    assert.equal(url.protocol, "otpauth:");
    assert.equal(url.searchParams.get("secret"), secret);
    assert.equal(url.searchParams.get("algorithm"), "SHA1");
    assert.equal(url.searchParams.get("digits"), "6");
    assert.equal(url.searchParams.get("period"), "30");
    assert.equal(url.searchParams.get("issuer"), "OKPay");
  });
});
