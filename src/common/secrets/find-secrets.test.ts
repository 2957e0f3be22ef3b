import { test } from "node:test";
import assert from "node:assert/strict";
import { detectSecretKinds } from "./find-secrets.ts";

test("names each kind of secret once, for the contact form's warning", () => {
  assert.deepEqual(detectSecretKinds("card 4111 1111 1111 1111 cvv 123, 密码：abc123, 验证码 884211"), ["card_number", "cvv", "password", "otp"]);
  assert.deepEqual(detectSecretKinds("身份证 11010519491231002X"), ["resident_id"]);
});

test("stays quiet for ordinary requests", () => {
  assert.deepEqual(detectSecretKinds("My withdrawal of 500 USD on 2026-01-05 (order 20260105-88123) has not arrived."), []);
  assert.deepEqual(detectSecretKinds(""), []);
});
