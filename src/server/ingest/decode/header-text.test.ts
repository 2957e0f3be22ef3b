// Headers sent as raw 8-bit GBK/Big5/EUC-KR text (no RFC 2047): subject, display names and file names
// come out readable, in the charset the message declares when it declares one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { corpusPath } from "../../test/corpora.ts";
import { readablePartsOf, redactReadableParts } from "../redact/redact-content.ts";
import { parseMessage } from "./parse-message.ts";

const crlf = (s: string) => Buffer.from(s.replace(/\n/g, "\r\n"), "latin1");

/** A raw message whose `${…}` values are written in `charset` as raw bytes. */
const rawIn = (charset: string) => (pieces: TemplateStringsArray, ...values: string[]): Buffer =>
  Buffer.concat(pieces.flatMap((p, i) => [crlf(p), ...(i < values.length ? [iconv.encode(values[i]!, charset)] : [])]));
const gbk = rawIn("gbk");
const big5 = rawIn("big5");
const eucKr = rawIn("euc-kr");

test("a raw GBK subject, display name and file name are read as Chinese", async () => {
  const raw = gbk`From: ${"张三"} <zs@example.net>
To: support@example.com
Subject: ${"退款申请：订单未到账"}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=b

--b
Content-Type: text/plain

${"您好，请查一下我的订单。"}
--b
Content-Type: application/pdf; name="${"银行卡对账单.pdf"}"
Content-Disposition: attachment; filename="${"银行卡对账单.pdf"}"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--b--
`;
  const decoded = await parseMessage(raw);
  assert.equal(decoded.subject, "退款申请：订单未到账");
  assert.deepEqual(decoded.from, { address: "zs@example.net", name: "张三" });
  assert.equal(decoded.text, "您好，请查一下我的订单。");
  assert.deepEqual(decoded.attachments.map((a) => a.filename), ["银行卡对账单.pdf"]);
});

test("raw Big5 and EUC-KR headers are read in the charset the body declares", async () => {
  const chinese = await parseMessage(big5`From: ${"陳怡君"} <chen@example.tw>
To: ${"客服中心"} <support@example.com>
Subject: ${"儲值後餘額沒有更新"}
MIME-Version: 1.0
Content-Type: text/plain; charset=big5
Content-Transfer-Encoding: 8bit

${"帳戶餘額到現在都沒有更新。"}
`);
  assert.equal(chinese.subject, "儲值後餘額沒有更新");
  assert.equal(chinese.from?.name, "陳怡君");
  assert.deepEqual(chinese.to, [{ address: "support@example.com", name: "客服中心" }]);
  const korean = await parseMessage(eucKr`From: ${"김민준"} <kim@example.kr>
Subject: ${"[광고] 요즘 뜨는 직종"}
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary=k

--k
Content-Type: text/html; charset=ks_c_5601-1987

<p>${"안녕하세요"}</p>
--k--
`);
  assert.equal(korean.subject, "[광고] 요즘 뜨는 직종");
  assert.equal(korean.from?.name, "김민준");
});

test("an attachment's own charset names its raw file name; encoded names are left alone", async () => {
  const raw = big5`From: a@example.net
Subject: files
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=b

--b
Content-Type: text/plain

see attached
--b
Content-Type: application/pdf; charset=big5
Content-Disposition: attachment; filename="${"對帳單.pdf"}"

%PDF
--b
Content-Type: application/pdf
Content-Disposition: attachment; filename="=?iso-8859-1?Q?r=E9sum=E9.pdf?="

%PDF
--b--
`;
  const decoded = await parseMessage(raw);
  assert.deepEqual(decoded.attachments.map((a) => a.filename), ["對帳單.pdf", "résumé.pdf"]);
});

test("a password in a raw GBK subject is redacted once the subject is read right", async () => {
  const raw = gbk`From: a@example.net
Subject: ${"我的密码是 Hk83jd92x"}
Content-Type: text/plain

hello
`;
  const decoded = await parseMessage(raw);
  assert.equal(decoded.subject, "我的密码是 Hk83jd92x");
  const { parts } = redactReadableParts(readablePartsOf(decoded));
  assert.match(parts.subject, /^我的密码是 /);
  assert.doesNotMatch(parts.subject, /Hk83jd92x/);
});

test("no CJK message of the public corpus keeps a Latin-1 mojibake subject or sender name", async (t) => {
  const dir = corpusPath("mime", "spamassassin-sample", "cjk");
  if (!dir) return t.skip("corpora not present");
  const mojibake = /[\u0080-\u00ff]{2}/;
  const bad: string[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".eml"))) {
    const decoded = await parseMessage(readFileSync(join(dir, name)));
    const names = [decoded.from, ...decoded.to].map((a) => a?.name ?? "").join(" ");
    if (mojibake.test(decoded.subject) || /\uFFFD/.test(names) || mojibake.test(names)) bad.push(`${name}: ${decoded.subject} / ${names}`);
  }
  assert.deepEqual(bad, []);
  const file = readdirSync(dir).find((n) => n.startsWith("spam-2--00853"))!;
  assert.equal((await parseMessage(readFileSync(join(dir, file)))).subject, "黄山旅游天天发,南京特价宾馆任你选");
});
