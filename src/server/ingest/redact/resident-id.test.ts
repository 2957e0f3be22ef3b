import { test } from "node:test";
import assert from "node:assert/strict";
import { redactText } from "./redact-text.ts";
import {
  isRealBirthDate,
  isValidLegacyResidentId,
  isValidResidentId,
  residentIdCheckChar,
} from "../../../common/secrets/resident-id.ts";

test("computes the GB 11643 check character", () => {
  assert.equal(residentIdCheckChar("44030819990110151"), "2");
  assert.equal(residentIdCheckChar("11010519491231002"), "X");
  assert.equal(residentIdCheckChar("51010820000229123"), "9");
});

test("validates checksum, birth date and province code", () => {
  assert.equal(isValidResidentId("440308199901101512"), true);
  assert.equal(isValidResidentId("11010519491231002X"), true);
  assert.equal(isValidResidentId("11010519491231002x"), true);
  assert.equal(isValidResidentId("４４０３０８１９９９０１１０１５１２"), true); // full-width
  assert.equal(isValidResidentId("11010519491231002Ｘ"), true);
  assert.equal(isValidResidentId("510108200002291239"), true); // 29 February 2000
  assert.equal(isValidResidentId("440308199901101513"), false); // check digit
  assert.equal(isValidResidentId("44030819990110151"), false); // 17 digits
  // Valid check characters, impossible content:
  for (const body of ["44030819990230151", "51010819000229123", "44030819991301151", "99030819990110151", "09030819990110151"]) {
    const id = body + residentIdCheckChar(body);
    assert.equal(isValidResidentId(id), false, id);
  }
});

test("knows real calendar dates", () => {
  assert.equal(isRealBirthDate(2000, 2, 29), true);
  assert.equal(isRealBirthDate(1900, 2, 29), false);
  assert.equal(isRealBirthDate(2023, 4, 31), false);
  assert.equal(isRealBirthDate(1999, 12, 31), true);
  assert.equal(isRealBirthDate(1799, 1, 1), false);
});

test("validates 15-digit legacy IDs by province and date", () => {
  assert.equal(isValidLegacyResidentId("610104620927690"), true);
  assert.equal(isValidLegacyResidentId("610104620932690"), false); // 32nd day
  assert.equal(isValidLegacyResidentId("990104620927690"), false); // no such province
});

test("masks an 18-character ID anywhere, keeping the last four", () => {
  const table: [string, string][] = [
    ["身份证440308199901101512，谢谢", "身份证••••••••••••••1512，谢谢"],
    ["my id is 11010519491231002X.", "my id is ••••••••••••••002X."],
    ["ID 11010519491231002x", "ID ••••••••••••••002X"],
    ["证件号 ４４０３０８１９９９０１１０１５１２ 。", "证件号 ••••••••••••••1512 。"],
  ];
  for (const [input, expected] of table) {
    const r = redactText(input);
    assert.equal(r.text, expected, input);
    assert.deepEqual(r.redactions.map((x) => x.kind), ["resident_id"], input);
  }
});

test("masks a 15-digit ID only after a label", () => {
  for (const input of ["身份证号：610104620927690", "身份证 610104620927690", "ID number: 610104620927690", "ID card 610104620927690"]) {
    const r = redactText(input);
    assert.ok(r.text.endsWith("•••••••••••7690"), input);
    assert.deepEqual(r.redactions.map((x) => x.kind), ["resident_id"], input);
  }
  assert.deepEqual(redactText("订单 610104620927690").redactions, []);
  assert.deepEqual(redactText("身份证号：610104620932690").redactions, []);
});

test("does not mask an ID inside a longer digit run or glued to letters", () => {
  for (const input of ["1440308199901101512", "4403081999011015121", "ABC440308199901101512", "440308199901101512X", "11010519491231002XY"]) {
    assert.deepEqual(redactText(input).redactions, [], input);
  }
});

test("an ID ends at an underscore after a word and at a file extension; traditional labels count", () => {
  assert.equal(redactText("身份证_110105199003077518.jpg").text, "身份证_••••••••••••••7518.jpg");
  assert.equal(redactText("ID_440308199901101512.png").text, "ID_••••••••••••••1512.png");
  assert.deepEqual(redactText("20240101_440308199901101512").redactions, []);
  const r = redactText("身份證號：610104620927690");
  assert.equal(r.text, "身份證號：•••••••••••7690");
});
