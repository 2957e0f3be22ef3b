// Telling machines' mail from people's, on headers alone.
import assert from "node:assert/strict";
import { it } from "node:test";
import { automaticReason, isAutoReply, readDeliveryReport } from "./automatic-mail.ts";
import { readRawHeaders } from "./raw-headers.ts";

const headers = (lines: string[]) => readRawHeaders(Buffer.from(`${lines.join("\r\n")}\r\n\r\nbody\r\n`));

it("knows out-of-office subjects in English and in both Chinese scripts, Outlook's wording included", () => {
  for (const subject of ["Automatic reply: refund", "Out of Office: Re: card", "自动回复：提现", "自动答复: 提现失败", "自動回覆：退款", "自動答覆: 退款"]) {
    assert.ok(isAutoReply(headers([`Subject: ${subject}`]), subject), subject);
  }
  assert.ok(!isAutoReply(headers(["Subject: 提现失败，请回复"]), "提现失败，请回复"));
});

it("takes a read receipt for automatic mail", () => {
  const h = headers(['Content-Type: multipart/report; report-type=disposition-notification; boundary="x"', "Subject: Read: refund"]);
  assert.equal(automaticReason(h, "li.wei@example.net"), "read receipt");
  assert.ok(isAutoReply(h, "Read: refund"));
});

it("reads a null return path from Return-Path only when there is no envelope of our own", () => {
  const h = headers(["Return-Path: <>", "Subject: statement ready"]);
  assert.match(automaticReason(h, null) ?? "", /null return path/);
  assert.equal(automaticReason(h, "li.wei@example.net"), null, "the SMTP envelope is what counts when we have one");
});

it("reads a delivery report's outcome from its Action, and never takes the report's own Message-ID for ours", () => {
  const report = (fields: string[]) => Buffer.from(["Message-ID: <own@mx.example.net>", "", ...fields, "", "Message-ID: <ours@example.com>", ""].join("\r\n"));
  assert.deepEqual(readDeliveryReport(report(["Action: delayed", "Status: 4.4.7"]), "<own@mx.example.net>"),
    { originalMessageIds: ["<ours@example.com>"], status: "4.4.7", diagnostic: null, outcome: "delayed" });
  assert.equal(readDeliveryReport(report(["Action: failed", "Status: 5.1.1"]), "<own@mx.example.net>").outcome, "failed");
  assert.equal(readDeliveryReport(report(["Action: delivered", "Status: 2.0.0"]), "<own@mx.example.net>").outcome, "delivered");
  assert.equal(readDeliveryReport(report(["Status: 4.2.2"]), "<own@mx.example.net>").outcome, "delayed");
  assert.equal(readDeliveryReport(report([]), "<own@mx.example.net>").outcome, "failed", "a plain-text bounce is a failure");
});
