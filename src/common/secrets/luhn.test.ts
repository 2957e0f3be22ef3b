import { test } from "node:test";
import assert from "node:assert/strict";
import { isLuhnValid, luhnCheckDigit } from "./luhn.ts";

test("accepts published test card numbers", () => {
  for (const n of ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117", "79927398713"]) {
    assert.equal(isLuhnValid(n), true, n);
  }
});

test("rejects numbers with one digit changed or two adjacent digits swapped", () => {
  for (const n of ["4111111111111112", "5555555555554445", "378282246310006", "79927398710", "79927398731"]) {
    assert.equal(isLuhnValid(n), false, n);
  }
});

test("rejects empty and non-digit input", () => {
  assert.equal(isLuhnValid(""), false);
  assert.equal(isLuhnValid("4111 1111 1111 1111"), false);
  assert.equal(isLuhnValid("411111111111111a"), false);
});

test("luhnCheckDigit completes a payload into a valid number", () => {
  assert.equal(luhnCheckDigit("411111111111111"), "1");
  assert.equal(luhnCheckDigit("7992739871"), "3");
  for (const payload of ["622202020000000000", "62122600000000000", "3782822463100"]) {
    const full = payload + luhnCheckDigit(payload);
    assert.equal(isLuhnValid(full), true, full);
  }
});
