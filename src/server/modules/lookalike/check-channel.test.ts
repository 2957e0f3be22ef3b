import { test } from "node:test";
import assert from "node:assert/strict";
import { prng } from "../../test/prng.ts";
import { checkChannel, checkHeaders } from "./check-channel.ts";
import { CONFUSABLES } from "./confusables.ts";
import { editDistance } from "./edit-distance.ts";
import { isResemblance, type ChannelKind, type OfficialChannels, type ReasonCode, type Verdict } from "./types.ts";

const official: OfficialChannels = {
  domains: ["okpay.com", "okpay.com.cn", "help.okpay.hk"],
  emails: ["support@okpay.com", "complaints@okpay.com", "security@okpay.com", "okpay_kefu@163.com"],
  phones: ["+86 400-820-8888", "95188", "+852 2345 6789"],
  brandNames: ["OKPay", "欧珂支付"],
};

type Case = [input: string, kind: ChannelKind, verdict: Verdict, codes: ReasonCode[], target?: string];

// target is `matched` for official verdicts and `resembles` for lookalikes.
const cases: Case[] = [
  // Ours, however it is written
  ["okpay.com", "domain", "official", [], "okpay.com"],
  ["help.okpay.com", "domain", "official", [], "okpay.com"],
  ["OKPAY.COM", "domain", "official", [], "okpay.com"],
  ["ｏｋｐａｙ．ｃｏｍ", "domain", "official", [], "okpay.com"],
  ["okpay。com", "domain", "official", [], "okpay.com"],
  ["https://www.okpay.com.cn/login?next=/", "url", "official", [], "okpay.com.cn"],
  ["okpay.hk", "domain", "official", [], "okpay.hk"],
  ["https://user@okpay.com/", "url", "official", [], "okpay.com"],
  ["https://okpay.net@okpay.com/", "url", "official", [], "okpay.com"],
  ["http://okpay.com\\@evil.io/", "url", "official", [], "okpay.com"],
  ["support@okpay.com", "email", "official", [], "support@okpay.com"],
  ["OKPay 客服 <Complaints@OKPay.com>", "email", "official", [], "complaints@okpay.com"],
  ["mailto:security@okpay.com", "email", "official", [], "security@okpay.com"],
  ["hello@okpay.com", "email", "official", ["unlisted_address"], "okpay.com"],
  ["okpay_kefu@163.com", "email", "official", [], "okpay_kefu@163.com"],
  ["+86 400-820-8888", "phone", "official", [], "+86 400-820-8888"],
  ["４００８２０８８８８", "phone", "official", [], "+86 400-820-8888"],
  ["0086 400 820 8888", "phone", "official", [], "+86 400-820-8888"],
  ["95188", "phone", "official", [], "95188"],

  // Homoglyphs and punycode
  ["оkpay.com", "domain", "lookalike", ["punycode", "mixed_script", "confusable", "edit_distance"], "okpay.com"], // Cyrillic о
  ["okpаy.com", "domain", "lookalike", ["punycode", "mixed_script", "confusable", "edit_distance"], "okpay.com"], // Cyrillic а
  ["xn--kpay-45d.com", "domain", "lookalike", ["punycode", "mixed_script", "confusable", "edit_distance"], "okpay.com"],
  ["https://xn--okpy-73d.com/login", "url", "lookalike", ["punycode", "mixed_script", "confusable", "edit_distance"], "okpay.com"],
  ["οkpay.com", "domain", "lookalike", ["punycode", "mixed_script", "confusable", "edit_distance"], "okpay.com"], // Greek ο
  ["օkpay.com", "domain", "lookalike", ["punycode", "mixed_script", "confusable", "edit_distance"], "okpay.com"], // Armenian օ
  ["okpay.соm", "domain", "lookalike", ["punycode", "mixed_script", "confusable"], "okpay.com"], // Cyrillic с, о in the TLD
  ["0kpay.com", "domain", "lookalike", ["confusable", "edit_distance"], "okpay.com"],
  ["www.0kpay.com.cn", "domain", "lookalike", ["confusable", "edit_distance"], "okpay.com.cn"],
  ["support@оkpay.com", "email", "lookalike", ["punycode", "mixed_script", "confusable", "edit_distance"], "okpay.com"],

  // Typosquats
  ["okpaay.com", "domain", "lookalike", ["edit_distance"], "okpay.com"],
  ["okpya.com", "domain", "lookalike", ["edit_distance"], "okpay.com"],
  ["kpay.com", "domain", "lookalike", ["edit_distance"], "okpay.com"],
  ["0kpaay.com", "domain", "lookalike", ["edit_distance"], "okpay.com"],
  ["o-k-pay.com", "domain", "lookalike", ["edit_distance"], "okpay.com"],

  // Our name inside someone else's domain
  ["okpay-support-help.com", "domain", "lookalike", ["brand_embedded"], "okpay.com"],
  ["support-okpay.net", "domain", "lookalike", ["brand_embedded"], "okpay.com"],
  ["okpay.com.evil.io", "domain", "lookalike", ["brand_embedded"], "okpay.com"],
  ["okpay.com-secure.io", "domain", "lookalike", ["brand_embedded"], "okpay.com"],
  ["https://secure-login.okpay.com.verify-account.top/", "url", "lookalike", ["brand_embedded"], "okpay.com"],
  ["secureokpay.com", "domain", "lookalike", ["brand_embedded"], "okpay.com"],
  ["okpay.community.io", "domain", "lookalike", ["brand_embedded"], "okpay.com"],
  ["欧珂支付客服.com", "domain", "lookalike", ["punycode", "brand_embedded"], "okpay.com"],

  // Our name under another TLD
  ["okpay.co", "domain", "lookalike", ["lookalike_tld"], "okpay.com"],
  ["okpay.cm", "domain", "lookalike", ["lookalike_tld"], "okpay.com"],
  ["www.okpay.net", "domain", "lookalike", ["lookalike_tld"], "okpay.com"],
  ["okpay.co.uk", "domain", "lookalike", ["lookalike_tld"], "okpay.com"],
  ["okpay.github.io", "domain", "lookalike", ["lookalike_tld"], "okpay.com"],

  // Links that hide the real host
  ["https://okpay.com@evil.io/", "url", "lookalike", ["userinfo_trick"], "okpay.com"],
  ["https://support.okpay.com.cn@evil.io/login", "url", "lookalike", ["userinfo_trick"], "okpay.com.cn"],
  ["https://okpay.com%2F@203.0.113.5/", "url", "lookalike", ["userinfo_trick", "ip_address"], "okpay.com"],

  // Addresses and numbers that imitate ours
  ["okpay.support@gmail.com", "email", "lookalike", ["brand_embedded"], "okpay.com"],
  ["okpay-kefu@163.com", "email", "lookalike", ["edit_distance", "brand_embedded"], "okpay_kefu@163.com"],
  ["OKPay Support <service@evil.io>", "email", "lookalike", ["display_name_brand"], "okpay.com"],
  ["400-820-8889", "phone", "lookalike", ["near_number"], "+86 400-820-8888"],
  ["95189", "phone", "lookalike", ["near_number"], "95188"],
  ["+852 2345 6780", "phone", "lookalike", ["near_number"], "+852 2345 6789"],

  // Not ours, and not pretending
  ["example.org", "domain", "not_ours", []],
  ["paypal.com", "domain", "not_ours", []],
  ["alipay.com", "domain", "not_ours", []],
  ["gopay.com", "domain", "not_ours", []], // two edits from a five-letter name is another brand, not a typo
  ["bookpayment.com", "domain", "not_ours", []], // "okpay" only inside a longer word
  ["zhangsan@qq.com", "email", "not_ours", []],
  ["https://twitter.com/okpay", "url", "not_ours", []], // paths are not hosts
  ["https://user:pass@example.org/", "url", "not_ours", []],
  ["+86 138 0013 8000", "phone", "not_ours", []],
  ["203.0.113.5", "domain", "not_ours", ["ip_address"]],
  ["http://203.0.113.5/login", "url", "not_ours", ["ip_address"]],
  ["аррӏе.com", "domain", "not_ours", ["punycode"]],
  ["пример.рф", "domain", "not_ours", ["punycode"]],
  ["okpay", "unknown", "not_ours", ["unrecognised"]],
  ["javascript:alert(1)", "unknown", "not_ours", ["unrecognised"]],
];

test(`the table of ${cases.length} cases gets the expected verdict and reasons`, () => {
  const failures: string[] = [];
  for (const [input, kind, verdict, codes, target] of cases) {
    const got = checkChannel(input, official);
    const gotCodes = got.reasons.map((r) => r.code);
    const gotTarget = verdict === "official" ? got.matched : got.resembles;
    const ok =
      got.kind === kind &&
      got.verdict === verdict &&
      JSON.stringify([...gotCodes].sort()) === JSON.stringify([...codes].sort()) &&
      gotTarget === target;
    if (!ok) failures.push(`${input}: ${got.kind} ${got.verdict} [${gotCodes.join(", ")}] ${gotTarget ?? "-"}`);
  }
  assert.deepEqual(failures, []);
});

test("the table exercises every verdict and every reason code", () => {
  const verdicts = new Set(cases.map((c) => c[2]));
  assert.deepEqual([...verdicts].sort(), ["lookalike", "not_ours", "official"]);
  assert.ok(cases.filter((c) => c[2] === "official").length >= 15);
  assert.ok(cases.filter((c) => c[2] === "lookalike").length >= 15);
  const codes = new Set(cases.flatMap((c) => c[3]));
  for (const code of ["punycode", "mixed_script", "confusable", "edit_distance", "brand_embedded", "lookalike_tld", "userinfo_trick", "near_number", "display_name_brand", "ip_address", "unlisted_address", "unrecognised"]) {
    assert.ok(codes.has(code as ReasonCode), code);
  }
});

test("a domain that merely starts with our domain's letters is not said to carry our domain", () => {
  const got = checkChannel("okpay.community.io", official);
  assert.match(got.reasons[0]!.detail, /contains our name "okpay"/);
  assert.match(checkChannel("okpay.com.evil.io", official).reasons[0]!.detail, /starts with our domain okpay\.com/);
});

test("every reason has a readable detail, and official verdicts carry no warning", () => {
  for (const [input] of cases) {
    const got = checkChannel(input, official);
    for (const r of got.reasons) assert.ok(r.detail.length > 10, `${input}: ${r.code}`);
    if (got.verdict === "official") assert.ok(!got.reasons.some((r) => isResemblance(r.code)), input);
    if (got.verdict === "lookalike") assert.ok(got.resembles, input);
    if (got.verdict !== "lookalike") assert.equal(got.resembles, undefined, input);
  }
});

test("every channel in the registry checks as official", () => {
  for (const value of [...official.domains, ...official.emails, ...official.phones]) {
    assert.equal(checkChannel(value, official).verdict, "official", value);
  }
  for (const sub of ["www", "help", "m", "pay", "api.v2", "xn--fiqs8s"]) {
    assert.equal(checkChannel(`${sub}.okpay.com`, official).verdict, "official", sub);
  }
});

test("punycode is shown decoded, and the decoded form is shown as registered", () => {
  const fromAscii = checkChannel("xn--kpay-45d.com", official);
  const fromUnicode = checkChannel("оkpay.com", official);
  assert.deepEqual(fromAscii.display, { ascii: "xn--kpay-45d.com", unicode: "оkpay.com" });
  assert.deepEqual(fromUnicode.display, fromAscii.display);
  assert.match(fromAscii.reasons.find((r) => r.code === "punycode")!.detail, /оkpay\.com/);
  assert.deepEqual(checkChannel("https://оkpay.com/a?b=1", official).display, { ascii: "https://xn--kpay-45d.com/a?b=1", unicode: "https://оkpay.com/a?b=1" });
});

test("every confusable letter swapped into our name is caught, never taken for ours", () => {
  let tried = 0;
  for (const [source, target] of Object.entries(CONFUSABLES)) {
    const at = "okpay".indexOf(target);
    if (at < 0 || target.length !== 1) continue;
    const fake = "okpay".slice(0, at) + source + "okpay".slice(at + 1) + ".com";
    const got = checkChannel(fake, official);
    // Right-to-left letters cannot sit in a Latin label (IDNA's bidi rule), so such names do not parse.
    if (got.kind === "unknown") continue;
    tried++;
    assert.equal(got.verdict, "lookalike", fake);
    assert.ok(got.reasons.some((r) => r.code === "confusable"), fake);
  }
  assert.ok(tried >= 10, `tried ${tried}`);
});

test("random unrelated names are not ours and random typos of ours are lookalikes", () => {
  const next = prng(39);
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const pick = () => letters[Math.floor(next() * letters.length)]!;
  for (let n = 0; n < 300; n++) {
    const length = 6 + Math.floor(next() * 7);
    let name = "";
    for (let i = 0; i < length; i++) name += pick();
    if (editDistance(name, "okpay") <= 2 || name.includes("okpay")) continue;
    const got = checkChannel(`${name}.com`, official);
    assert.equal(got.verdict, "not_ours", name);
  }
  for (let n = 0; n < 100; n++) {
    const chars = Array.from("okpay");
    const at = Math.floor(next() * chars.length);
    const edit = Math.floor(next() * 3);
    if (edit === 0) chars.splice(at, 0, pick());
    else if (edit === 1) chars[at] = pick();
    else chars.splice(at, 1);
    const name = chars.join("");
    const got = checkChannel(`${name}.com`, official);
    if (name === "okpay") assert.equal(got.verdict, "official");
    else assert.equal(got.verdict, "lookalike", name);
  }
});

test("checkHeaders checks the sender fields and every link of a pasted e-mail", () => {
  const pasted = [
    "Return-Path: <bounce-7781@mailer.evil.io>",
    "Received: from mx.evil.io (mx.evil.io [203.0.113.5]) by mx.example.net",
    "From: =?UTF-8?B?T0tQYXkg5a6i5pyN?= <support@okpay.com>",
    'Reply-To: "OKPay, Help" <okpay.help@gmail.com>,',
    "\tother@example.org",
    "Subject: =?UTF-8?Q?Your_account_is_frozen?=",
    "",
    'Click <a href=3D"https://okpay.com.secure-login.io/verify?x=3D1">https://okpay.com/verify</a>',
    "or visit www.оkpay.com/help.",
  ].join("\r\n");
  const result = checkHeaders(pasted, official);
  const summary = result.items.map((i) => `${i.source} ${i.check.display.unicode} ${i.check.verdict}`);
  assert.deepEqual(summary, [
    "return-path bounce-7781@mailer.evil.io not_ours",
    "from support@okpay.com official",
    "reply-to okpay.help@gmail.com lookalike",
    "reply-to other@example.org not_ours",
    "link https://okpay.com.secure-login.io/verify?x=3D1 lookalike",
    "link https://okpay.com/verify official",
    "link http://www.оkpay.com/help lookalike",
  ]);
  assert.equal(result.items[1]!.value, "OKPay 客服 <support@okpay.com>");
  assert.deepEqual(result.items[2]!.check.reasons.map((r) => r.code), ["brand_embedded", "display_name_brand"]);
  assert.equal(result.worst, "lookalike");
});

test("checkHeaders reports the worst verdict, and null when nothing was found", () => {
  assert.equal(checkHeaders("From: OKPay <support@okpay.com>\nReply-To: complaints@okpay.com\n", official).worst, "official");
  assert.equal(checkHeaders("From: Alice <alice@example.org>\n\nsee https://okpay.com/help", official).worst, "not_ours");
  assert.equal(checkHeaders("From: OKPay <support@okpay.com>\n\nhttps://okpay.com@evil.io/login", official).worst, "lookalike");
  const empty = checkHeaders("just some text without addresses", official);
  assert.deepEqual(empty, { items: [], worst: null });
});

test("an empty registry finds nothing official and nothing to resemble", () => {
  const none: OfficialChannels = { domains: [], emails: [], phones: [], brandNames: [] };
  for (const input of ["okpay.com", "оkpay.com", "support@okpay.com", "+86 400-820-8888"]) {
    const got = checkChannel(input, none);
    assert.equal(got.verdict, "not_ours", input);
  }
});
