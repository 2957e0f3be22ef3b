// Parses every fixture in test/fixtures/mail with mailparser and pins the decoded facts other
// tests rely on; where mailparser alone decodes a fixture wrongly, the charset helpers must not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { simpleParser, type ParsedMail } from "mailparser";
import { decodeBytes, decodeMimeWords } from "./charset.ts";
import { splitQuoted } from "./quote-split.ts";

const FIXTURES = fileURLToPath(new URL("../../../../test/fixtures/mail/", import.meta.url));

function raw(name: string): Buffer {
  return readFileSync(FIXTURES + name);
}

async function parse(name: string): Promise<ParsedMail> {
  return simpleParser(raw(name));
}

/** The unfolded value of the first raw header line with this name. */
function rawHeader(mail: ParsedMail, key: string): string {
  const line = mail.headerLines.find((h) => h.key === key.toLowerCase());
  assert.ok(line, `header ${key}`);
  return line.line.slice(line.line.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim();
}

/** Body bytes of a single-part message, transfer-encoding undone (base64 or 8bit only). */
function singlePartBody(name: string): Buffer {
  const buf = raw(name);
  const split = buf.indexOf("\r\n\r\n");
  assert.ok(split > 0, "header/body separator");
  const head = buf.subarray(0, split).toString("latin1");
  const body = buf.subarray(split + 4);
  return /content-transfer-encoding:\s*base64/i.test(head) ? Buffer.from(body.toString("latin1"), "base64") : body;
}

function text(mail: ParsedMail): string {
  assert.equal(typeof mail.text, "string", "text part");
  return mail.text as string;
}

test("every fixture parses and has the basic envelope", async () => {
  const names = readdirSync(FIXTURES).filter((n) => n.endsWith(".eml")).sort();
  assert.ok(names.length >= 10, `found ${names.length} fixtures`);
  for (const name of names) {
    const mail = await parse(name);
    assert.ok(mail.messageId?.startsWith("<"), `${name}: Message-ID`);
    assert.ok(mail.date instanceof Date && !Number.isNaN(mail.date.getTime()), `${name}: Date`);
    assert.ok(mail.subject, `${name}: Subject`);
    const addresses = JSON.stringify([mail.from?.value, mail.to]);
    assert.ok(/support@example\.com/.test(addresses), `${name}: support address`);
  }
});

test("gmail-reply.eml: threading headers, text+html, Gmail quote split off", async () => {
  const mail = await parse("gmail-reply.eml");
  assert.equal(mail.inReplyTo, "<pd.0007.PD100007.3f9a1c@example.com>");
  assert.equal(mail.references, "<pd.0007.PD100007.3f9a1c@example.com>");
  assert.equal(mail.subject, "Re: [PD-100007] Transfer still pending");
  assert.equal(typeof mail.html, "string");
  assert.match(mail.html as string, /class="gmail_quote"/);
  const r = splitQuoted(text(mail));
  assert.match(r.newText, /still showing as pending/);
  assert.match(r.newText, /TX-20240101-88812/);
  assert.doesNotMatch(r.newText, /Thank you for contacting PayDesk|wrote:/);
  assert.match(r.quoted, /On Mon, Jan 1, 2024 at 6:02\u202fPM PayDesk Support <support@example.com>\nwrote:/);
});

test("outlook-reply.eml: Thread-Index, iso-8859-1 body, Original Message split off", async () => {
  const mail = await parse("outlook-reply.eml");
  assert.equal(mail.headers.get("thread-index"), "AQHaPXbQ1sYw0m9zR0qkq3W9u8l8VbDIbJ3AgAAZk0A=");
  assert.equal(mail.headers.get("thread-topic"), "[PD-100012] Chargeback on card ending 4417");
  assert.equal(mail.inReplyTo, "<pd.0012.PD100012.9b2e41@example.com>");
  const r = splitQuoted(text(mail));
  assert.match(r.newText, /did not authorise the payment of EUR 249\.00/);
  assert.match(r.newText, /Mit freundlichen Grüßen/);
  assert.doesNotMatch(r.newText, /Original Message|We have received your dispute/);
  assert.match(r.quoted, /We have received your dispute/);
});

test("qqmail-reply.eml: GB18030 headers and base64 body, 原始邮件 block split off", async () => {
  const mail = await parse("qqmail-reply.eml");
  assert.equal(mail.subject, "回复：[PD-100021] 提现失败");
  assert.equal(mail.from?.value[0]?.name, "王喆");
  assert.equal(mail.from?.value[0]?.address, "customer@example.net");
  assert.equal(mail.inReplyTo, "<pd.0021.PD100021.7c1d09@example.com>");
  assert.match(mail.html as string, /原始邮件/);
  const r = splitQuoted(text(mail));
  assert.equal(r.newText, "您好，\n\n我昨天提交的提现还是没有到账，订单号 WD202401010088，金额 1,500.00 元。\n麻烦尽快处理，谢谢！\n\n王喆");
  assert.match(r.quoted, /发件人: "PayDesk客服"/);
  assert.match(r.quoted, /我们已收到您关于提现失败的反馈/);
});

test("gbk-as-gb2312.eml: mailparser reads gb2312 as GBK; the helpers agree", async () => {
  const mail = await parse("gbk-as-gb2312.eml");
  // mailparser (libmime) maps gb2312 to iconv-lite's GBK codec, so GBK-only characters survive.
  assert.equal(mail.subject, "实名认证失败 - 李珺喆");
  assert.equal(mail.from?.value[0]?.name, "李珺喆");
  assert.match(text(mail), /我叫李珺喆/);
  assert.match(text(mail), /镕达贸易有限公司/);
  assert.doesNotMatch(text(mail), /\uFFFD/);
  // Our helpers on the raw bytes give the same result.
  assert.equal(decodeMimeWords(rawHeader(mail, "subject")), "实名认证失败 - 李珺喆");
  assert.equal(decodeMimeWords(rawHeader(mail, "from")), '"李珺喆" <customer@example.net>');
  const body = decodeBytes(singlePartBody("gbk-as-gb2312.eml"), "gb2312").replace(/\r\n/g, "\n");
  assert.equal(body, text(mail));
});

test("gb18030-as-gbk.eml: four-byte GB18030 characters need the charset helpers", async (t) => {
  const mail = await parse("gb18030-as-gbk.eml");
  const expectedSubject = "姓名“王𠮷”显示乱码";
  // mailparser decodes "gbk" with iconv-lite's GBK codec, which has no four-byte sequences.
  if (mail.subject !== expectedSubject) t.diagnostic(`mailparser subject: ${JSON.stringify(mail.subject)}`);
  assert.equal(decodeMimeWords(rawHeader(mail, "subject")), expectedSubject);
  assert.equal(decodeMimeWords(rawHeader(mail, "from")), "王𠮷 <customer@example.net>");
  const body = decodeBytes(singlePartBody("gb18030-as-gbk.eml"), "gbk");
  assert.match(body, /我的名字是王𠮷/);
  assert.doesNotMatch(body, /\uFFFD/);
});

test("auto-reply.eml: auto-reply markers and bilingual out-of-office text", async () => {
  const mail = await parse("auto-reply.eml");
  assert.equal(mail.headers.get("auto-submitted"), "auto-replied");
  assert.equal(mail.headers.get("x-autoreply"), "yes");
  assert.equal(mail.headers.get("x-auto-response-suppress"), "All");
  assert.equal(mail.subject, "自动回复: Re: [PD-100030] Your refund request");
  assert.equal(mail.inReplyTo, "<pd.0030.PD100030.51ab07@example.com>");
  assert.match(text(mail), /我目前正在休假/);
  assert.match(text(mail), /out of the office until 8 January/);
});

test("dsn-bounce.eml: multipart/report with delivery status and the original headers", async () => {
  const mail = await parse("dsn-bounce.eml");
  const type = mail.headers.get("content-type") as { value: string; params: Record<string, string> };
  assert.equal(type.value, "multipart/report");
  assert.equal(type.params["report-type"], "delivery-status");
  // mailparser appends the message/delivery-status part to `text` (it is not an attachment)…
  assert.match(text(mail), /^Status: 5\.1\.1$/m);
  assert.match(text(mail), /^Action: failed$/m);
  assert.match(text(mail), /^Final-Recipient: rfc822; customer@example\.net$/m);
  // …and keeps text/rfc822-headers as an attachment.
  const headers = mail.attachments.find((a) => a.contentType === "text/rfc822-headers");
  assert.ok(headers, "text/rfc822-headers part");
  assert.match(headers.content.toString("utf8"), /^Message-ID: <pd\.0001\.PD100001\.abcdef@example\.com>\r?$/m);
});

test("forwarded.eml: inline forward split off, message/rfc822 attachment parses", async () => {
  const mail = await parse("forwarded.eml");
  const r = splitQuoted(text(mail));
  assert.equal(
    r.newText,
    "Hi PayDesk,\n\nMy bank sent me the notice below. The top-up I made to my wallet came back.\nWhat name should I use for the transfer?\n\nChen Jing",
  );
  assert.match(r.quoted, /---------- Forwarded message ---------/);
  assert.match(r.quoted, /beneficiary account name does not match/);
  const attached = mail.attachments.find((a) => a.contentType === "message/rfc822");
  assert.ok(attached, "message/rfc822 attachment");
  assert.equal(attached.filename, "Notice of returned transfer.eml");
  const inner = await simpleParser(attached.content);
  assert.equal(inner.subject, "Notice of returned transfer");
  assert.equal(inner.messageId, "<20240103071240.4471.notice@bank.example.org>");
  assert.equal(inner.from?.value[0]?.address, "notices@bank.example.org");
  assert.match(inner.text ?? "", /reference\n20240102-PD-77312/);
});

test("with-attachment.eml: inline image by Content-ID and a PNG attachment", async () => {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const mail = await parse("with-attachment.eml");
  assert.equal(mail.attachments.length, 2);
  const inline = mail.attachments.find((a) => a.contentDisposition === "inline");
  const attached = mail.attachments.find((a) => a.contentDisposition === "attachment");
  assert.ok(inline && attached);
  assert.equal(inline.cid, "ii_lqz8k3wa0@example.net");
  assert.equal(inline.filename, "error.png");
  assert.equal(inline.related, true);
  assert.equal(attached.filename, "receipt.png");
  assert.equal(attached.contentType, "image/png");
  assert.ok(inline.content.subarray(0, 8).equals(PNG));
  assert.ok(attached.content.subarray(0, 8).equals(PNG));
  // By default simpleParser rewrites cid: links in the HTML into data: URLs; keepCidLinks keeps them.
  assert.match(mail.html as string, /src="data:image\/png;base64,/);
  const kept = await simpleParser(raw("with-attachment.eml"), { keepCidLinks: true });
  assert.match(kept.html as string, /src="cid:ii_lqz8k3wa0@example\.net"/);
  assert.match(text(mail), /\[image: error\.png\]/);
});

test("big5.eml: Big5 subject and body, including HKSCS characters", async () => {
  const mail = await parse("big5.eml");
  assert.equal(mail.subject, "儲值後餘額沒有更新");
  assert.equal(mail.from?.value[0]?.name, "陳怡君");
  assert.match(text(mail), /帳戶餘額到現在都沒有更新/);
  assert.match(text(mail), /我哋喺香港嘅分店/);
  assert.doesNotMatch(text(mail), /\uFFFD/);
  const body = decodeBytes(singlePartBody("big5.eml"), "big5").replace(/\r\n/g, "\n");
  assert.equal(body, text(mail));
});
