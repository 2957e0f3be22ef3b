// Message verification end to end, per dialect: a reply is queued, its .eml in the outbox carries the
// code in its footer, /verify confirms it (masked address, subject); wrong codes, forged posts and
// floods are refused.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { simpleParser } from "mailparser";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { replyToTicket } from "../../modules/tickets/reply.commands.ts";
import { buildHttpApp } from "../app.ts";
import { portalCsp } from "./portal-page.ts";
import { PortalVisitor } from "./portal-form.test-helper.ts";

const CODE_LINE = /Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/;
const verdictOf = (html: string) => /data-verdict="([^"]+)"/.exec(html)?.[1];

await forEachDialect("message verification", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let replyCode: string;
  let replyMessageId: string;

  before(async () => {
    rt = await openTestRuntime(dialect);
    app = await buildHttpApp(rt.ctx);
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  async function outboxMail(outboundId: string) {
    return simpleParser(await readFile(join(rt.dataDir, "outbox", `${outboundId}.eml`)));
  }

  it("puts a code in the footer of every e-mail we send", async () => {
    const raw = await makeMail({ from: "Wang Wei <wang.wei@example.net>", subject: "提现没有到账 withdrawal missing" });
    await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: "wang.wei@example.net", rcptTo: ["support@example.com"] } });
    await rt.runner.drain();
    const ticket = await rt.ctx.db.selectFrom("tickets").select("id").executeTakeFirstOrThrow();
    rt.clock.advance(60_000);
    const { outboundId } = await replyToTicket(rt.ctx, ticket.id, { text: "Your withdrawal was sent today." });
    await rt.runner.drain();

    const sent = await outboxMail(outboundId);
    const text = sent.text ?? "";
    assert.match(text, /Your withdrawal was sent today\./);
    replyCode = CODE_LINE.exec(text)?.[1] ?? "";
    assert.ok(replyCode, `the reply's footer has a code:\n${text}`);
    assert.ok(text.includes("https://help.example.com/verify"));
    replyMessageId = sent.messageId!;

    // The acknowledgement carries its own, different code.
    const ack = await rt.ctx.db.selectFrom("outbound_mail").select("id").where("kind", "=", "acknowledgement").executeTakeFirstOrThrow();
    const ackCode = CODE_LINE.exec((await outboxMail(ack.id)).text ?? "")?.[1];
    assert.ok(ackCode && ackCode !== replyCode);
    const stored = await rt.ctx.db.selectFrom("outbound_mail").select("verification_code").where("id", "=", outboundId).executeTakeFirstOrThrow();
    assert.equal(stored.verification_code, replyCode.replace(/-/g, ""));
  });

  it("confirms a real code: when, to whom (masked) and the subject", async () => {
    const visitor = new PortalVisitor(app);
    const page = await visitor.get("/verify");
    assert.equal(page.headers["content-security-policy"], portalCsp);
    const res = await visitor.post("/verify", { code: replyCode.toLowerCase() }, page);
    assert.equal(res.statusCode, 200);
    assert.equal(verdictOf(res.body), "ours");
    assert.match(res.body, /Yes — we sent this e-mail/);
    assert.match(res.body, /w\*\*\*@example\.net/);
    assert.ok(!res.body.includes("wang.wei@example.net"), "the full address is not shown");
    assert.ok(res.body.includes("<td>Re: 提现没有到账 withdrawal missing [#OK-100001]</td>"), "the subject is shown");

    const byMessageId = await visitor.post("/verify", { code: replyMessageId }, page);
    assert.equal(verdictOf(byMessageId.body), "ours");

    const zh = await visitor.post("/verify?lang=zh-CN", { code: replyCode }, page);
    assert.match(zh.body, /是的——这封邮件是我们发出的/);
  });

  it("answers a wrong code or Message-ID with phishing guidance", async () => {
    const visitor = new PortalVisitor(app, "203.0.113.20");
    const page = await visitor.get("/verify");
    const wrong = replyCode.startsWith("A") ? "BBBB-CCCC-DDDD" : "AAAA-BBBB-CCCC";
    const res = await visitor.post("/verify", { code: wrong }, page);
    assert.equal(res.statusCode, 200);
    assert.equal(verdictOf(res.body), "not_ours");
    assert.match(res.body, /We did not send this — it may be phishing/);
    const unknownId = await visitor.post("/verify", { code: "<fake-123@okpay-support-help.com>" }, page);
    assert.equal(verdictOf(unknownId.body), "not_ours");
    const junk = await visitor.post("/verify", { code: `<script>alert(1)</script>` }, page);
    assert.equal(verdictOf(junk.body), "unreadable");
    assert.ok(!junk.body.includes("<script>alert(1)"), "hostile input is escaped");
  });

  it("refuses posts without the form token", async () => {
    const res = await new PortalVisitor(app, "203.0.113.30").post("/verify", { code: replyCode, _csrf: "x" });
    assert.equal(res.statusCode, 403);
    assert.ok(!res.body.includes("we sent this"));
  });

  it("limits guesses per visitor", async () => {
    const visitor = new PortalVisitor(app, "203.0.113.40");
    const page = await visitor.get("/verify");
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await visitor.post("/verify", { code: `ZZZZ-ZZZZ-ZZ${String(i).padStart(2, "0")}` }, page)).statusCode);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
    assert.equal(statuses[10], 429);
    // Once limited, even a right code is not looked up until the window passes.
    assert.equal((await visitor.post("/verify", { code: replyCode }, page)).statusCode, 429);
    rt.clock.advance(10 * 60_000);
    assert.equal((await visitor.post("/verify", { code: replyCode }, page)).statusCode, 200);
  });
});
