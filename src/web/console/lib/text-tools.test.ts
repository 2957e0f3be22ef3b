// Pure helpers of the console: card-number warning, search excerpts, canned variables, hash routes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findCardNumber } from "./card-number.ts";
import { decodeEntities, splitExcerpt } from "./excerpt.ts";
import { buildHash, parseHash } from "./router.ts";
import { fillTemplate } from "./template.ts";

describe("card number warning", () => {
  it("finds Luhn-valid 13-19 digit numbers, with spaces, dashes or full-width digits", () => {
    assert.equal(findCardNumber("card 4111 1111 1111 1111 please"), "4111 •••• •••• 1111");
    assert.equal(findCardNumber("卡号 4111-1111-1111-1111"), "4111 •••• •••• 1111");
    assert.equal(findCardNumber("卡号４１１１１１１１１１１１１１１１"), "4111 •••• •••• 1111");
    assert.equal(findCardNumber("378282246310005"), "3782 •••• •••• 0005"); // 15-digit Amex
  });

  it("ignores order numbers that fail Luhn, short numbers and repeated digits", () => {
    assert.equal(findCardNumber("order 4111 1111 1111 1112"), null);
    assert.equal(findCardNumber("ticket OK-100042, amount 1234567890"), null);
    assert.equal(findCardNumber("0000000000000000"), null);
    assert.equal(findCardNumber("transaction 20240101123456789012345"), null); // 23 digits: not a card
  });
});

describe("search excerpt", () => {
  it("splits on <mark> into text segments and decodes the escaping", () => {
    assert.deepEqual(splitExcerpt("我的<mark>提现</mark>还没到 &lt;b&gt; &amp; <mark>failed</mark>"), [
      { text: "我的", mark: false },
      { text: "提现", mark: true },
      { text: "还没到 <b> & ", mark: false },
      { text: "failed", mark: true },
    ]);
  });

  it("never turns escaped markup into a mark", () => {
    assert.deepEqual(splitExcerpt("&lt;mark&gt;x&lt;/mark&gt;<script>"), [{ text: "<mark>x</mark><script>", mark: false }]);
    assert.equal(decodeEntities("&#x63d0;&#29616; &quot;&#39;&bogus;"), "提现 \"'&bogus;");
  });
});

describe("canned responses", () => {
  it("fills known variables and keeps unknown ones as written", () => {
    const body = "您好 {{customer.name}}，工单 {{ ticket.number }} 由 {{agent.name}} 处理。{{order.id}}";
    assert.equal(fillTemplate(body, { "customer.name": "王伟", "ticket.number": "OK-100001", "agent.name": "Amy" }), "您好 王伟，工单 OK-100001 由 Amy 处理。{{order.id}}");
  });
});

describe("hash routes", () => {
  it("round-trips paths and queries, Chinese included", () => {
    const hash = buildHash(["search"], { q: "提现 failed", status: "", mailbox: undefined });
    assert.equal(hash, "#/search?q=%E6%8F%90%E7%8E%B0+failed");
    const loc = parseHash(hash);
    assert.deepEqual(loc.path, ["search"]);
    assert.equal(loc.query.get("q"), "提现 failed");
    assert.deepEqual(parseHash("#/tickets/OK-100001").path, ["tickets", "OK-100001"]);
    assert.equal(parseHash("#/invite?token=a.b-c_d?e").query.get("token"), "a.b-c_d?e");
    assert.deepEqual(parseHash("").path, []);
  });
});
