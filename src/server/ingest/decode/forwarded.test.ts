// A message forwarded as an attachment is read: its text reaches the message (so redaction and agents
// see it), its files are listed, and the forwarded message itself is only offered with secrets masked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { makeMail } from "../../test/mail-factory.ts";
import { readablePartsOf, redactReadableParts } from "../redact/redact-content.ts";
import { FORWARD_MARK, MAX_FORWARD_DEPTH } from "./forwarded.ts";
import { parseMessage } from "./parse-message.ts";

const CARD = "4111111111111111";
const SECRET_TEXT = `您好，卡号 ${CARD}，验证码 123456，请尽快处理。`;

async function bankNotice(): Promise<Buffer> {
  return makeMail({
    from: "银行通知 <notices@bank.example.org>",
    to: "王喆 <customer@example.net>",
    subject: "您的提现被退回",
    text: SECRET_TEXT,
    attachments: [{ filename: "退款单.pdf", content: Buffer.from("%PDF-1.4\n"), contentType: "application/pdf" }],
  });
}

/** Forwarded "as attachment", as Outlook and Thunderbird do (an inline one is read by mailparser itself). */
async function forwardOf(inner: Buffer, text: string, filename = "银行通知.eml"): Promise<Buffer> {
  const raw = await makeMail({ subject: "Fwd: 提现被退回", text, attachments: [{ filename, content: inner, contentType: "message/rfc822" }] });
  return Buffer.from(raw.toString("latin1").replace(/^Content-Disposition: inline/gm, "Content-Disposition: attachment"), "latin1");
}

test("a forwarded message's headers and text join the quoted part, marked as forwarded", async () => {
  const decoded = await parseMessage(await forwardOf(await bankNotice(), "请看银行发来的通知。"));
  assert.equal(decoded.text, "请看银行发来的通知。");
  const section = decoded.quoted.slice(decoded.quoted.indexOf(FORWARD_MARK));
  assert.ok(section.startsWith(FORWARD_MARK), decoded.quoted);
  assert.match(section, /^From: 银行通知 <notices@bank\.example\.org>$/m);
  assert.match(section, /^Subject: 您的提现被退回$/m);
  assert.match(section, /^To: 王喆 <customer@example\.net>$/m);
  assert.match(section, /^Date: Mon, 05 Jan 2026 08:00:00 GMT$/m);
  assert.ok(section.includes(SECRET_TEXT), section);
  assert.match(section, /\[attachments: 退款单\.pdf\]/);
});

test("redaction reaches the forwarded text, and the offered .eml holds no secret", async () => {
  const decoded = await parseMessage(await forwardOf(await bankNotice(), "请看银行发来的通知。"));
  const { parts } = redactReadableParts(readablePartsOf(decoded));
  const shown = JSON.stringify(parts);
  assert.ok(!shown.includes(CARD) && !shown.includes("123456"), shown);
  assert.match(parts.quoted, /卡号 •+ ?1111/);

  assert.deepEqual(decoded.attachments.map((a) => [a.filename, a.contentType]), [
    ["银行通知.eml", "message/rfc822"],
    ["退款单.pdf", "application/pdf"],
  ]);
  const copy = decoded.attachments[0]!.content!.toString("utf8");
  assert.ok(!copy.includes(CARD) && !copy.includes("123456"), copy);
  assert.match(copy, /^Subject: 您的提现被退回\r$/m);
  assert.match(copy, /^Content-Type: text\/plain; charset=utf-8\r$/m);
  assert.match(copy, /卡号 •+ ?1111/);
  assert.equal(decoded.attachments[0]!.size, decoded.attachments[0]!.content!.length);
  assert.equal(decoded.attachments[1]!.content!.toString(), "%PDF-1.4\n");
});

test("a forward with nothing of the sender's own is shown as the message text", async () => {
  const decoded = await parseMessage(await forwardOf(await bankNotice(), ""));
  assert.ok(decoded.text.startsWith(FORWARD_MARK), decoded.text);
  assert.ok(decoded.text.includes(SECRET_TEXT));
  assert.equal(decoded.language, "zh-CN");
});

test(`forwards inside forwards are read ${MAX_FORWARD_DEPTH} deep; deeper ones are not offered at all`, async () => {
  let raw = await makeMail({ subject: "level 0", text: `innermost ${CARD}` });
  for (let level = 1; level <= MAX_FORWARD_DEPTH + 1; level++) raw = await forwardOf(raw, `level ${level} text`, `level-${level - 1}.eml`);
  const decoded = await parseMessage(raw);
  for (let level = 1; level <= MAX_FORWARD_DEPTH; level++) assert.ok((decoded.quoted + decoded.text).includes(`level ${level} text`), `level ${level}`);
  assert.ok(!(decoded.quoted + decoded.text).includes("innermost"));
  assert.ok(decoded.warnings.some((w) => w.includes(`nested more than ${MAX_FORWARD_DEPTH} deep`)), decoded.warnings.join("; "));
  const deepest = decoded.attachments.find((a) => a.filename === "level-0.eml");
  assert.ok(deepest && deepest.content === null);
  for (const a of decoded.attachments) assert.ok(!a.content?.toString("latin1").includes(CARD), a.filename);
});

test("forwarded.eml: the attached bank notice is read besides the inline forward", async () => {
  const raw = readFileSync(fileURLToPath(new URL("../../../../test/fixtures/mail/forwarded.eml", import.meta.url)));
  const decoded = await parseMessage(raw);
  assert.match(decoded.text, /What name should I use for the transfer\?/);
  assert.match(decoded.quoted, new RegExp(`${FORWARD_MARK}\\nFrom: Example Bank <notices@bank\\.example\\.org>\\nDate: Wed, 03 Jan 2024 07:12:40 GMT\\n`));
  assert.match(decoded.quoted, /^Subject: Notice of returned transfer$/m);
  assert.match(decoded.quoted, /reference\n20240102-PD-77312/);
  assert.deepEqual(decoded.attachments.map((a) => a.filename), ["Notice of returned transfer.eml"]);
});
