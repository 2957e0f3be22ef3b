// What we send stays within RFC 5322 however long or odd the text we echo is.
import assert from "node:assert/strict";
import { it } from "node:test";
import { simpleParser } from "mailparser";
import { composeMail } from "./compose.ts";

const base = {
  from: { name: "OK Pay Support", address: "support@example.com" }, to: "li.wei@example.net",
  text: "We are on it.", messageId: "<a1@example.com>", date: new Date("2026-11-25T00:00:00Z"),
};
const longestLine = (raw: Buffer) => Math.max(...raw.toString("latin1").split("\r\n").map((line) => line.length));

it("keeps every line within 998 characters when the echoed subject is one long token", async () => {
  const subject = `Re: https://bank.example/${"x".repeat(1200)}`;
  const raw = await composeMail({ ...base, subject });
  assert.ok(longestLine(raw) <= 998, `longest line ${longestLine(raw)}`);
  const parsed = await simpleParser(raw);
  assert.ok(parsed.subject!.startsWith("Re: https://bank.example/xxx"));
  assert.ok(parsed.subject!.endsWith("…"));
  assert.equal([...parsed.subject!].length, 200);
});

it("keeps a Chinese subject whole when it fits, and echoes only sane Message-IDs", async () => {
  const raw = await composeMail({
    ...base, subject: "回复：提现失败，请尽快处理",
    inReplyTo: `<${"a".repeat(1500)}@example.net>`,
    references: ["<été@example.net>", "<ok-1@example.net>", `<${"b".repeat(300)}@example.net>`, "<ok-2@example.net>"],
  });
  assert.ok(longestLine(raw) <= 998);
  const parsed = await simpleParser(raw);
  assert.equal(parsed.subject, "回复：提现失败，请尽快处理");
  assert.equal(parsed.inReplyTo, undefined);
  assert.deepEqual(parsed.references, ["<ok-1@example.net>", "<ok-2@example.net>"]);
  assert.ok(!/[\x80-\xff]/.test(raw.toString("latin1").split("\r\n\r\n")[0]!), "headers are 7-bit");
});
