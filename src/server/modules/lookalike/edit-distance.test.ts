import { test } from "node:test";
import assert from "node:assert/strict";
import { allowedEdits, editDistance } from "./edit-distance.ts";

test("counts insertions, deletions and substitutions", () => {
  assert.equal(editDistance("okpay", "okpay"), 0);
  assert.equal(editDistance("okpay", "okpaay"), 1);
  assert.equal(editDistance("okpay", "kpay"), 1);
  assert.equal(editDistance("okpay", "0kpay"), 1);
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("abc", ""), 3);
});

test("an adjacent transposition is one edit", () => {
  assert.equal(editDistance("okpay", "okpya"), 1);
  assert.equal(editDistance("okpay", "kopay"), 1);
  assert.equal(editDistance("95188", "95818"), 1);
});

test("is the unrestricted distance: a transposed pair may be edited again", () => {
  // Optimal string alignment would say 3 here; Damerau–Levenshtein says 2 (ca → ac → abc).
  assert.equal(editDistance("ca", "abc"), 2);
});

test("works on code points, not UTF-16 units", () => {
  assert.equal(editDistance("𝐨kpay", "okpay"), 1);
  assert.equal(editDistance("欧珂支付", "欧珂支柱"), 1);
});

test("is symmetric", () => {
  const words = ["okpay", "0kpay", "okpya", "paypal", "", "a", "欧珂支付", "okpay-support"];
  for (const a of words) for (const b of words) assert.equal(editDistance(a, b), editDistance(b, a), `${a} / ${b}`);
});

test("allows two edits only on names of six or more characters", () => {
  assert.equal(allowedEdits(3), 0);
  assert.equal(allowedEdits(4), 1);
  assert.equal(allowedEdits(5), 1);
  assert.equal(allowedEdits(6), 2);
});
