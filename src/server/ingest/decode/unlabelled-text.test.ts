// Text parts without a usable charset label (none, us-ascii, utf-8) whose bytes are not UTF-8 go through
// our charset guessing; valid UTF-8 and ASCII come out exactly as before.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { corpusPath } from "../../test/corpora.ts";
import { decodeBytes } from "./charset.ts";
import { parseMessage } from "./parse-message.ts";
import { decodeUnlabelled, metaCharset } from "./unlabelled-text.ts";

const HEAD = "From: customer@example.net\r\nTo: support@example.com\r\nSubject: test\r\nMessage-ID: <u1@example.net>\r\nMIME-Version: 1.0\r\n";

function singlePart(contentType: string | null, body: Buffer): Buffer {
  const type = contentType ? `Content-Type: ${contentType}\r\n` : "";
  return Buffer.concat([Buffer.from(`${HEAD}${type}Content-Transfer-Encoding: 8bit\r\n\r\n`), body]);
}

function alternative(parts: Array<[string, Buffer]>): Buffer {
  const chunks: Buffer[] = [Buffer.from(`${HEAD}Content-Type: multipart/alternative; boundary="b1"\r\n\r\n`)];
  for (const [type, body] of parts) chunks.push(Buffer.from(`--b1\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`), body, Buffer.from("\r\n"));
  chunks.push(Buffer.from("--b1--\r\n"));
  return Buffer.concat(chunks);
}

const GBK_TEXT = "您好，我昨天的提现还没有到账，订单号 WD202401010088，请尽快处理。";
const BIG5_TEXT = "您好，我的帳戶被凍結了，儲值後餘額沒有更新。";

for (const label of [null, "text/plain", "text/plain; charset=us-ascii", "text/plain; charset=utf-8", 'text/plain; charset="UTF-8"']) {
  test(`GBK text under ${label ?? "no Content-Type"} is read as Chinese`, async () => {
    const decoded = await parseMessage(singlePart(label, iconv.encode(GBK_TEXT, "gbk")));
    assert.equal(decoded.text, GBK_TEXT);
    assert.equal(decoded.language, "zh-CN");
  });
}

test("Big5 HTML without a MIME charset is read in the charset its <meta> names", async () => {
  const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head><body><p>${BIG5_TEXT}</p></body></html>`;
  // Guessing alone reads Big5 as something else: the <meta> is what makes it right.
  assert.notEqual(decodeBytes(iconv.encode(BIG5_TEXT, "big5"), undefined), BIG5_TEXT);
  const decoded = await parseMessage(singlePart("text/html", iconv.encode(page, "big5")));
  assert.match(decoded.html ?? "", new RegExp(BIG5_TEXT));
  assert.match(decoded.text, new RegExp(BIG5_TEXT));
});

test("an unlabelled text part takes the charset the message's other part declares", async () => {
  const raw = alternative([
    ["text/plain", iconv.encode(BIG5_TEXT, "big5")],
    ["text/html; charset=big5", iconv.encode(`<p>${BIG5_TEXT}</p>`, "big5")],
  ]);
  const decoded = await parseMessage(raw);
  assert.equal(decoded.text, BIG5_TEXT);
  assert.match(decoded.html ?? "", new RegExp(BIG5_TEXT));
});

test("Latin-1 text without a label is read as Western text", async () => {
  const decoded = await parseMessage(singlePart("text/plain", Buffer.from("Grüße aus München, bitte um Rückruf.", "latin1")));
  assert.equal(decoded.text, "Grüße aus München, bitte um Rückruf.");
});

test("valid UTF-8 and ASCII parts stay exactly as they came, also beside a part that needs guessing", async () => {
  // A literal U+FFFD in the UTF-8 part and a GBK HTML part: the message is read a second time.
  const utf8 = "\uFEFF王𠮷 café ½ \uFFFD kept — 提现 WD2024";
  const raw = alternative([
    ["text/plain; charset=utf-8", Buffer.from(utf8, "utf8")],
    ["text/html", iconv.encode(`<p>${GBK_TEXT}</p>`, "gbk")],
  ]);
  const decoded = await parseMessage(raw);
  assert.equal(decoded.text, utf8);
  assert.match(decoded.html ?? "", new RegExp(GBK_TEXT));
  const ascii = "Hello,\n\nmy withdrawal of 500 USD has not arrived. Transaction 20260105-88123.";
  assert.equal((await parseMessage(singlePart("text/plain; charset=us-ascii", Buffer.from(ascii)))).text, ascii);
});

test("UTF-8 with a few damaged bytes stays UTF-8 rather than turning into mojibake", async () => {
  const body = Buffer.concat([Buffer.from("您好，提现还没有到账。订单号 WD2024。谢谢！Regards, caf", "utf8"), Buffer.from([0xe9]), Buffer.from(" 王喆", "utf8")]);
  const decoded = await parseMessage(singlePart("text/plain; charset=utf-8", body));
  assert.equal(decoded.text, "您好，提现还没有到账。订单号 WD2024。谢谢！Regards, caf\uFFFD 王喆");
});

test("decodeUnlabelled: null for UTF-8, the <meta> charset for HTML, the fallback otherwise", () => {
  assert.equal(decodeUnlabelled(Buffer.from("提现 ok"), "text", "gbk"), null);
  assert.equal(decodeUnlabelled(Buffer.from("plain ascii"), "html", undefined), null);
  const big5 = iconv.encode(`<meta charset="big5">${BIG5_TEXT}`, "big5");
  assert.deepEqual(decodeUnlabelled(big5, "html", "gbk"), { text: `<meta charset="big5">${BIG5_TEXT}`, charset: "big5" });
  assert.deepEqual(decodeUnlabelled(iconv.encode(BIG5_TEXT, "big5"), "text", "big5"), { text: BIG5_TEXT, charset: "big5" });
  assert.equal(metaCharset(Buffer.from('<meta http-equiv="content-type" content="text/html; charset=utf-8">')), undefined);
  assert.equal(metaCharset(Buffer.from("<META content='text/html; charset=GB2312' http-equiv=Content-Type>")), "GB2312");
});

test("real spam sent in GBK and Big5 without a usable label is readable", async (t) => {
  const dir = corpusPath("mime", "spamassassin-sample", "cjk");
  if (!dir) return t.skip("corpora not present");
  const file = (prefix: string) => join(dir, readdirSync(dir).find((n) => n.startsWith(prefix))!);
  const gbk = await parseMessage(readFileSync(file("spam-1--00481")));
  assert.doesNotMatch(gbk.text + gbk.quoted, /\uFFFD/);
  assert.match(gbk.text + gbk.quoted, /电子展/);
  const big5 = await parseMessage(readFileSync(file("spam-2--00737")));
  assert.doesNotMatch(big5.text + (big5.html ?? ""), /\uFFFD/);
  assert.match(big5.html ?? "", /改善掉髮，預防禿頭的最佳選擇/);
});
