import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeEncodedWords, readHeaderChannels, splitAddressList } from "./header-fields.ts";

test("splits address lists only at commas outside quotes and brackets", () => {
  assert.deepEqual(splitAddressList('"Doe, Jane" <jane@x.org>, bob@y.org,  <c@z.org>'), ['"Doe, Jane" <jane@x.org>', "bob@y.org", "<c@z.org>"]);
});

test("decodes RFC 2047 words in UTF-8 and GBK, joining adjacent words", () => {
  assert.equal(decodeEncodedWords("=?UTF-8?B?T0tQYXkg5a6i5pyN?= <a@b.c>"), "OKPay 客服 <a@b.c>");
  assert.equal(decodeEncodedWords("=?gbk?B?v827p7f+zvE=?="), "客户服务");
  assert.equal(decodeEncodedWords("=?utf-8?Q?OK_Pay?= =?utf-8?Q?_Support?="), "OK Pay Support");
  assert.equal(decodeEncodedWords("=?x-unknown?Q?abc?="), "abc");
});

test("reads folded sender fields and skips the empty return path", () => {
  const raw = "From: OKPay\r\n <support@okpay.com>\r\nSender: <>\r\nReturn-Path: <b@mailer.example>\r\nX-From: ignored@x.org\r\n\r\nbody";
  assert.deepEqual(readHeaderChannels(raw), [
    { source: "from", value: "OKPay <support@okpay.com>" },
    { source: "return-path", value: "<b@mailer.example>" },
  ]);
});

test("finds links, joining quoted-printable soft breaks and trimming sentence punctuation", () => {
  const raw = "\n\n<a href=3D\"https://okpay.com.evil.io/verify-acc=\nount?id=3D7\">Verify</a>. See www.example.org/help).";
  assert.deepEqual(readHeaderChannels(raw).map((c) => c.value), ["https://okpay.com.evil.io/verify-account?id=3D7", "www.example.org/help"]);
});

test("lists each value once and at most a hundred", () => {
  const raw = Array.from({ length: 300 }, (_, i) => `https://site${i % 150}.example/`).join(" ");
  const found = readHeaderChannels(raw);
  assert.equal(found.length, 100);
  assert.equal(new Set(found.map((c) => c.value)).size, 100);
});
