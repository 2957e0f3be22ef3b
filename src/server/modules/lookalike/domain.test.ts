import { test } from "node:test";
import assert from "node:assert/strict";
import { isWithin, parseChannelInput, parseHost, splitRegistrable } from "./domain.ts";

test("parseHost gives the punycode and the decoded form", () => {
  assert.deepEqual(parseHost("оkpay.com"), { ascii: "xn--kpay-45d.com", unicode: "оkpay.com", isIp: false });
  assert.deepEqual(parseHost("XN--KPAY-45D.COM"), { ascii: "xn--kpay-45d.com", unicode: "оkpay.com", isIp: false });
  assert.deepEqual(parseHost("Help.OKPay.com."), { ascii: "help.okpay.com", unicode: "help.okpay.com", isIp: false });
});

test("parseHost folds what browsers fold (full-width letters, ideographic full stop, invisible characters)", () => {
  assert.equal(parseHost("ｏｋｐａｙ.com")?.ascii, "okpay.com");
  assert.equal(parseHost("okpay。com")?.ascii, "okpay.com");
  assert.equal(parseHost("ok\u00adpay.com")?.ascii, "okpay.com");
});

test("parseHost refuses what cannot be a registered host", () => {
  for (const bad of ["xn--zz.com", "okpay..com", "-okpay.com", "okpay", "okpay.123", "", "a b.com"]) {
    assert.equal(parseHost(bad), null, bad);
  }
  assert.equal(parseHost("intranet", { allowSingleLabel: true })?.ascii, "intranet");
  assert.equal(parseHost("203.0.113.5")?.isIp, true);
});

test("splitRegistrable knows multi-label public suffixes", () => {
  assert.deepEqual(splitRegistrable("help.okpay.com"), { suffix: "com", name: "okpay", domain: "okpay.com", subdomain: ["help"] });
  assert.deepEqual(splitRegistrable("www.okpay.com.cn"), { suffix: "com.cn", name: "okpay", domain: "okpay.com.cn", subdomain: ["www"] });
  assert.deepEqual(splitRegistrable("a.b.okpay.co.uk"), { suffix: "co.uk", name: "okpay", domain: "okpay.co.uk", subdomain: ["a", "b"] });
  assert.equal(splitRegistrable("okpay.com.evil.io").domain, "evil.io");
  assert.equal(splitRegistrable("okpay.github.io").domain, "okpay.github.io");
  // A suffix alone is not registrable under itself: com.cn is name "com" under "cn".
  assert.equal(splitRegistrable("com.cn").domain, "com.cn");
});

test("isWithin matches whole labels only", () => {
  assert.equal(isWithin("okpay.com", "okpay.com"), true);
  assert.equal(isWithin("help.okpay.com", "okpay.com"), true);
  assert.equal(isWithin("evilokpay.com", "okpay.com"), false);
  assert.equal(isWithin("okpay.com.evil.io", "okpay.com"), false);
});

test("parseChannelInput tells the kinds apart", () => {
  const kinds: [string, string][] = [
    ["support@okpay.com", "email"],
    ["mailto:support@okpay.com?subject=hi", "email"],
    ["OKPay Support <support@okpay.com>", "email"],
    ["okpay.com", "domain"],
    ["www.okpay.com", "domain"],
    ["https://okpay.com/login", "url"],
    ["okpay.com/login", "url"],
    ["okpay.com:8443", "url"],
    ["<https://okpay.com/help>.", "url"],
    ["+86 400-820-8888", "phone"],
    ["tel:+864008208888", "phone"],
    ["（+86）４００ ８２０ ８８８８", "phone"],
    ["203.0.113.5", "domain"],
    ["okpay", "unknown"],
    ["javascript:alert(1)", "unknown"],
    ["hello world", "unknown"],
    ["", "unknown"],
    ["x".repeat(5000) + ".com", "unknown"],
  ];
  for (const [input, kind] of kinds) assert.equal(parseChannelInput(input).kind, kind, input);
});

test("parseChannelInput reads the user name a link hides before @", () => {
  const parsed = parseChannelInput("https://okpay.com%2F@evil.io/login");
  assert.equal(parsed.kind, "url");
  if (parsed.kind !== "url") return;
  assert.equal(parsed.host.ascii, "evil.io");
  assert.equal(parsed.userinfo, "okpay.com/");
});

test("parseChannelInput keeps the display name of an address", () => {
  const parsed = parseChannelInput('"OKPay 客服" <Support@OKPay.com>');
  assert.equal(parsed.kind, "email");
  if (parsed.kind !== "email") return;
  assert.equal(parsed.displayName, "OKPay 客服");
  assert.equal(parsed.local, "support");
  assert.equal(parsed.host.ascii, "okpay.com");
});
