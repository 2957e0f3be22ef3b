// Raw header reading: ASCII and UTF-8 values as they came, raw 8-bit legacy text decoded, not kept as Latin-1.
import { test } from "node:test";
import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { readRawHeaders } from "./raw-headers.ts";

const head = (...fields: (string | Buffer)[]) =>
  Buffer.concat([...fields.flatMap((f) => [typeof f === "string" ? Buffer.from(f, "latin1") : f, Buffer.from("\r\n")]), Buffer.from("\r\nbody")]);

test("ASCII and UTF-8 header values come out as they are", () => {
  const h = readRawHeaders(head("Subject: plain =?utf-8?B?5Lit?=", Buffer.from("X-Name: 王喆 café", "utf8"), "To: a@example.com,\r\n b@example.com"));
  assert.equal(h.get("subject"), "plain =?utf-8?B?5Lit?=");
  assert.equal(h.get("x-name"), "王喆 café");
  assert.equal(h.get("to"), "a@example.com, b@example.com");
});

test("raw GBK bytes in a header are read as Chinese, not Latin-1", () => {
  const h = readRawHeaders(head(Buffer.concat([Buffer.from("Subject: "), iconv.encode("退款申请：订单未到账", "gbk")])));
  assert.equal(h.get("subject"), "退款申请：订单未到账");
});

test("a charset the message declares wins over guessing", () => {
  const big5 = Buffer.concat([Buffer.from("Subject: "), iconv.encode("儲值後餘額沒有更新", "big5")]);
  assert.equal(readRawHeaders(head(big5), undefined, "big5").get("subject"), "儲值後餘額沒有更新");
  const korean = Buffer.concat([Buffer.from("From: "), iconv.encode("김민준", "euc-kr"), Buffer.from(" <kim@example.kr>")]);
  assert.equal(readRawHeaders(head(korean), undefined, "ks_c_5601-1987").get("from"), "김민준 <kim@example.kr>");
});

test("raw Latin-1 in a header is read as Western text", () => {
  assert.equal(readRawHeaders(head("From: Ren\xe9 M\xfcller <rene@example.de>")).get("from"), "René Müller <rene@example.de>");
});
