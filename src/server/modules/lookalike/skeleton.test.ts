import { test } from "node:test";
import assert from "node:assert/strict";
import { CONFUSABLES, DOMAIN_EXTRAS } from "./confusables.ts";
import { scriptsOf, findMixedScripts } from "./scripts.ts";
import { domainSkeleton, skeleton } from "./skeleton.ts";

test("homoglyphs from other scripts share the Latin skeleton", () => {
  assert.equal(skeleton("оkpay"), "okpay"); // Cyrillic о
  assert.equal(skeleton("okpаy"), "okpay"); // Cyrillic а
  assert.equal(skeleton("οkpay"), "okpay"); // Greek ο
  assert.equal(skeleton("օkpay"), "okpay"); // Armenian օ
  assert.equal(skeleton("аррӏе"), skeleton("appie")); // the classic Cyrillic "apple"
  assert.equal(skeleton("ｏｋｐａｙ"), "okpay"); // full-width
});

test("digits and letter pairs follow confusables.txt", () => {
  assert.equal(skeleton("0kpay"), skeleton("okpay"));
  assert.equal(skeleton("paypa1"), skeleton("paypal"));
  assert.equal(skeleton("rnybank"), skeleton("mybank"));
  assert.notEqual(skeleton("vvallet"), skeleton("wallet"));
});

test("the domain skeleton adds vv/w, cl/d and i/l", () => {
  assert.equal(domainSkeleton("vvallet"), domainSkeleton("wallet"));
  assert.equal(domainSkeleton("clropbox"), domainSkeleton("dropbox"));
  assert.equal(domainSkeleton("paypai"), domainSkeleton("paypal"));
  assert.equal(domainSkeleton("ԁropbox"), domainSkeleton("dropbox")); // Cyrillic ԁ meets the extras too
});

test("letters that do not look alike keep different skeletons", () => {
  assert.notEqual(skeleton("okpay"), skeleton("okpey"));
  assert.notEqual(skeleton("okpay"), skeleton("okpáy")); // the accent survives NFD
  assert.notEqual(domainSkeleton("gopay"), domainSkeleton("okpay"));
});

test("case does not matter: IDNA lowercases domain names", () => {
  assert.equal(skeleton("OKPAY"), skeleton("okpay"));
  assert.equal(skeleton("ОКРАУ".toLowerCase()), skeleton("окрау"));
});

test("skeletons are stable: mapping a skeleton again changes nothing", () => {
  const samples = ["оkpay.com", "rnybank", "0kpay", "vvallet", "clropbox", "paypal", "欧珂支付", "ｏｋｐａｙ"];
  for (const s of samples) {
    assert.equal(skeleton(skeleton(s)), skeleton(s), s);
    assert.equal(domainSkeleton(domainSkeleton(s)), domainSkeleton(s), s);
  }
});

test("the table maps to lowercase ASCII prototypes only", () => {
  for (const [source, target] of Object.entries({ ...CONFUSABLES, ...DOMAIN_EXTRAS })) {
    assert.match(target, /^[a-z0-9]+$/, `U+${source.codePointAt(0)!.toString(16)}`);
    assert.equal(Array.from(source).length, 1);
    assert.equal(source, source.toLowerCase(), "sources are case-folded");
  }
});

test("names the scripts of a label and flags unusual mixes", () => {
  assert.deepEqual(scriptsOf("okpay-24"), ["Latin"]);
  assert.deepEqual(findMixedScripts("оkpay"), ["Cyrillic", "Latin"]);
  assert.deepEqual(findMixedScripts("okpαy"), ["Latin", "Greek"]);
  assert.equal(findMixedScripts("окрау"), null); // one script (a whole-script lookalike is caught by the skeleton)
  assert.equal(findMixedScripts("欧珂pay"), null); // Latin with Han is how Chinese names are written
  assert.equal(findMixedScripts("ok支付カード"), null);
  assert.notEqual(findMixedScripts("支付окpay"), null);
});
