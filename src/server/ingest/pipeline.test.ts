// The ingest pipeline end to end on a real runtime (spool, jobs, database), per dialect.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { after, before, it } from "node:test";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../test/harness.ts";
import { makeMail } from "../test/mail-factory.ts";
import { acceptInbound, processInboundSpec } from "./accept.ts";
import { replayInbound } from "./replay.ts";
import { runPipeline } from "./pipeline.ts";
import { processInboundJob } from "./process.job.ts";
import { replyToTicket } from "../modules/tickets/reply.commands.ts";

async function ingest(rt: TestRuntime, raw: Buffer, rcpt = "support@example.com", mailFrom = "li.wei@example.net") {
  const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom, rcptTo: [rcpt], remoteIp: "192.0.2.10", helo: "mail.example.net" } });
  await rt.runner.drain();
  return rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", inboundId).executeTakeFirstOrThrow();
}

const outboxFiles = (rt: TestRuntime) => {
  const dir = join(rt.dataDir, "outbox");
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".eml")).map((f) => readFileSync(join(dir, f), "utf8")) : [];
};

await forEachDialect("ingest pipeline", (dialect) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await openTestRuntime(dialect);
  });
  after(async () => rt.close());

  it("turns a new mail into a ticket and keeps an acknowledgement in the outbox", async () => {
    const row = await ingest(rt, await makeMail({ subject: "紧急：提现失败 withdrawal failed", text: "我的提现一直没有到账，请尽快处理。" }));
    assert.equal(row.status, "processed", row.reason ?? "");
    const ticket = await rt.ctx.db.selectFrom("tickets").selectAll().where("id", "=", row.ticket_id!).executeTakeFirstOrThrow();
    assert.equal(ticket.number, 100001);
    assert.equal(ticket.status, "new");
    assert.equal(ticket.priority, "urgent");
    assert.equal(ticket.category, "withdrawal");
    assert.equal(ticket.language, "zh-CN");
    const acks = outboxFiles(rt);
    assert.equal(acks.length, 1);
    assert.match(acks[0]!, /Auto-Submitted: auto-replied/);
    const parsed = await simpleParser(acks[0]!);
    assert.match(parsed.subject!, /^我们已收到您的请求 \[#OK-100001\]/);
    assert.match(parsed.text!, /https:\/\/help\.example\.com\/track\/OK-100001\?t=[a-z2-7]{16}/);
    assert.match(parsed.text!, /绝不会向您索要密码/);
    assert.match(acks[0]!, /To: li\.wei@example\.net/);
    assert.match(acks[0]!, /Reply-To: support\+ok100001-[a-z2-7]{16}@example\.com/);
    const out = await rt.ctx.db.selectFrom("outbound_mail").selectAll().where("ticket_id", "=", ticket.id).executeTakeFirstOrThrow();
    assert.equal(out.status, "outboxed");
    assert.equal(out.kind, "acknowledgement");
  });

  it("threads a reply to our acknowledgement by its signed Message-ID", async () => {
    const ack = await rt.ctx.db.selectFrom("outbound_mail").selectAll().orderBy("created_at").executeTakeFirstOrThrow();
    const row = await ingest(rt, await makeMail({ subject: "Re: We received your request", text: "More details: it was 500 USD.", inReplyTo: ack.message_id_header, references: ack.message_id_header }));
    assert.equal(row.status, "processed");
    assert.equal(row.ticket_id, ack.ticket_id);
    const messages = await rt.ctx.db.selectFrom("messages").select("id").where("ticket_id", "=", ack.ticket_id!).execute();
    assert.equal(messages.length, 2);
  });

  it("threads by signed reply address, even with no headers to go on", async () => {
    const ack = await rt.ctx.db.selectFrom("outbound_mail").selectAll().orderBy("created_at").executeTakeFirstOrThrow();
    const replyTo = /Reply-To: (\S+)/.exec(outboxFiles(rt)[0]!)![1]!;
    const row = await ingest(rt, await makeMail({ to: replyTo, subject: "another thing" }), replyTo);
    assert.equal(row.ticket_id, ack.ticket_id);
  });

  it("does not thread forged Message-IDs or a ticket number from a stranger", async () => {
    const ack = await rt.ctx.db.selectFrom("outbound_mail").selectAll().orderBy("created_at").executeTakeFirstOrThrow();
    const forged = ack.message_id_header.replace(/\.[a-z2-7]{16}@/, ".aaaaaaaaaaaaaaaa@");
    const row = await ingest(rt, await makeMail({ from: "mallory@evil.example", subject: "Re: [#OK-100001] give me the history", inReplyTo: forged }), "support@example.com", "mallory@evil.example");
    assert.equal(row.status, "processed");
    assert.notEqual(row.ticket_id, ack.ticket_id);
  });

  it("threads by subject number when the sender is a participant", async () => {
    const ack = await rt.ctx.db.selectFrom("outbound_mail").selectAll().orderBy("created_at").executeTakeFirstOrThrow();
    const row = await ingest(rt, await makeMail({ subject: "Re: [#OK-100001] still waiting", text: "Any news?" }));
    assert.equal(row.ticket_id, ack.ticket_id);
  });

  it("drops the same mail arriving twice but keeps a reused Message-ID with new content", async () => {
    const raw = await makeMail({ messageId: "<dup-1@mail.example.net>", subject: "Refund please", from: "ann@example.org" });
    const first = await ingest(rt, raw, "support@example.com", "ann@example.org");
    const second = await ingest(rt, Buffer.concat([Buffer.from("Received: from relay2.example.org by mx\r\n"), raw]), "support@example.com", "ann@example.org");
    assert.equal(first.status, "processed");
    assert.equal(second.status, "dropped");
    assert.match(second.reason!, /duplicate of inbound/);
    const reused = await ingest(rt, await makeMail({ messageId: "<dup-1@mail.example.net>", subject: "A different question", from: "ann@example.org" }), "support@example.com", "ann@example.org");
    assert.equal(reused.status, "processed");
  });

  it("keeps one copy of the very same bytes sent again, and still records the second arrival", async () => {
    const raw = await makeMail({ messageId: "<resent-1@mail.example.net>", subject: "Withdrawal stuck", from: "cat@example.org" });
    const rawCopies = async () => Number((await rt.ctx.db.selectFrom("blobs").select((eb) => eb.fn.countAll<number>().as("n")).where("key", "like", "raw/%").executeTakeFirstOrThrow()).n);
    const before = await rawCopies();
    const first = await ingest(rt, raw, "support@example.com", "cat@example.org");
    const again = await ingest(rt, raw, "support@example.com", "cat@example.org");
    assert.equal(await rawCopies(), before + 1);
    assert.equal(again.raw_blob_key, first.raw_blob_key);
    assert.equal(again.status, "dropped");
    assert.match(again.reason!, new RegExp(`duplicate of inbound ${first.id}`));
    // A relay that adds a header makes different bytes: stored on their own, as received.
    const relayed = await ingest(rt, Buffer.concat([Buffer.from("Received: from relay3.example.org by mx\r\n"), raw]), "support@example.com", "cat@example.org");
    assert.notEqual(relayed.raw_blob_key, first.raw_blob_key);
    assert.equal(await rawCopies(), before + 2);
    assert.deepEqual(await rt.ctx.services.blobs.get(again.raw_blob_key), raw);
  });

  it("redacts card numbers before storing, keeps the raw sealed, and tells the customer", async () => {
    const row = await ingest(rt, await makeMail({ from: "bob@example.org", subject: "Card 4111 1111 1111 1111 charged twice", text: "My card 4111-1111-1111-1111 CVV 123 was charged twice." }), "support@example.com", "bob@example.org");
    const msg = await rt.ctx.db.selectFrom("messages").selectAll().where("id", "=", row.message_id!).executeTakeFirstOrThrow();
    assert.doesNotMatch(msg.text_body + msg.subject, /4111[ -]?1111[ -]?1111[ -]?1111/);
    assert.match(msg.text_body, /1111/);
    // Kept in the database (small), sealed: the stored bytes never show the number.
    const stored = await rt.ctx.db.selectFrom("blobs").select("sealed").where("key", "=", row.raw_blob_key).executeTakeFirstOrThrow();
    assert.doesNotMatch(Buffer.from(stored.sealed).toString("latin1"), /4111/);
    const ack = outboxFiles(rt).find((f) => f.includes("bob@example.org"))!;
    assert.match((await simpleParser(ack)).text!, /removed the following from your message: card number/);
  });

  it("never acknowledges automatic mail and diverts auto-replies that belong to no ticket", async () => {
    const before = outboxFiles(rt).length;
    const row = await ingest(rt, await makeMail({ from: "away@example.org", subject: "Out of office", headers: { "Auto-Submitted": "auto-replied" } }), "support@example.com", "away@example.org");
    assert.equal(row.status, "diverted");
    assert.match(row.reason!, /automatic/);
    assert.equal(outboxFiles(rt).length, before);
  });

  it("acknowledges an address at most maxPerAddressPerHour times, however the address is spelled", async () => {
    const cap = rt.config.acknowledgements.maxPerAddressPerHour;
    // One mailbox written as Gmail delivers it: any case, any +tag, any dots.
    const spellings = ["Zhang.Wei@gmail.com", "zhangwei+1@googlemail.com", "z.h.a.n.g.wei+withdrawal@GMAIL.com", "ZHANGWEI+2@gmail.com", "zhang.wei+x@gmail.com"];
    const outcomes: boolean[] = [];
    for (const [i, from] of spellings.entries()) {
      const row = await ingest(rt, await makeMail({ from, subject: `提现问题 ${i}` }), "support@example.com", from);
      assert.equal(row.status, "processed", row.reason ?? "");
      outcomes.push(!!(await rt.ctx.db.selectFrom("outbound_mail").select("id").where("ticket_id", "=", row.ticket_id!).where("kind", "=", "acknowledgement").executeTakeFirst()));
    }
    assert.deepEqual(outcomes, spellings.map((_, i) => i < cap));
    const skipped = await rt.ctx.db.selectFrom("events").select("data_json").where("kind", "=", "acknowledgement.skipped").orderBy("created_at", "desc").executeTakeFirstOrThrow();
    assert.match(skipped.data_json, /hourly acknowledgement limit/);
    // Another mailbox at the same provider is counted on its own.
    const other = await ingest(rt, await makeMail({ from: "zhang.wen@gmail.com", subject: "提现问题" }), "support@example.com", "zhang.wen@gmail.com");
    assert.ok(await rt.ctx.db.selectFrom("outbound_mail").select("id").where("ticket_id", "=", other.ticket_id!).executeTakeFirst());
  });

  it("files an original that arrives after its reply in the ticket the reply opened, and only for the replier", async () => {
    const original = "<late-original-1@mail.example.net>";
    const from = "Chen Jing <chen.jing@example.net>";
    const reply = await ingest(rt, await makeMail({ from, subject: "Re: 提现失败", text: "还是没有到账。", inReplyTo: original }), "support@example.com", "chen.jing@example.net");
    assert.equal(reply.status, "processed", reply.reason ?? "");
    // Someone else's mail carrying that Message-ID opens a ticket of its own.
    const stranger = await ingest(rt, await makeMail({ from: "Wang Fang <wang.fang@example.net>", subject: "提现失败", messageId: original }), "support@example.com", "wang.fang@example.net");
    assert.notEqual(stranger.ticket_id, reply.ticket_id);
    const late = await ingest(rt, await makeMail({ from, subject: "提现失败", text: "我的提现失败了。", messageId: original }), "support@example.com", "chen.jing@example.net");
    assert.equal(late.status, "processed", late.reason ?? "");
    assert.equal(late.ticket_id, reply.ticket_id);
    const acks = await rt.ctx.db.selectFrom("outbound_mail").select("id").where("ticket_id", "=", reply.ticket_id!).where("kind", "=", "acknowledgement").execute();
    assert.equal(acks.length, 1, "one acknowledgement for the one conversation");
  });

  it("drops mail from our own address as a loop", async () => {
    const row = await ingest(rt, await makeMail({ from: "support@example.com", subject: "We received your request" }), "support@example.com", "support@example.com");
    assert.equal(row.status, "dropped");
    assert.match(row.reason!, /loop/);
  });

  it("records a bounce of our acknowledgement against its ticket", async () => {
    const ack = await rt.ctx.db.selectFrom("outbound_mail").selectAll().orderBy("created_at").executeTakeFirstOrThrow();
    const dsn = Buffer.from([
      "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>", "To: support@example.com", "Subject: Undelivered Mail Returned to Sender",
      "Message-ID: <dsn-1@mx.example.net>", "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"', "", "--b1", "Content-Type: text/plain", "", "Your message could not be delivered.",
      "--b1", "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx.example.net", "", "Final-Recipient: rfc822; li.wei@example.net",
      "Action: failed", "Status: 5.1.1", "Diagnostic-Code: smtp; 550 5.1.1 user unknown", "",
      "--b1", "Content-Type: text/rfc822-headers", "", `Message-ID: ${ack.message_id_header}`, "Subject: We received your request", "", "--b1--", "",
    ].join("\r\n"));
    const row = await ingest(rt, dsn, "support@example.com", "");
    assert.equal(row.status, "diverted");
    assert.match(row.reason!, /bounce/);
    const out = await rt.ctx.db.selectFrom("outbound_mail").select("status").where("id", "=", ack.id).executeTakeFirstOrThrow();
    assert.equal(out.status, "bounced");
    const events = await rt.ctx.db.selectFrom("events").select("kind").where("ticket_id", "=", ack.ticket_id).where("kind", "=", "mail.bounced").execute();
    assert.equal(events.length, 1);
  });

  it("records a delayed delivery on the ticket without marking the mail bounced, and reads a report with no Message-ID of its own", async () => {
    const opened = await ingest(rt, await makeMail({ from: "zhao.lei@example.net", subject: "退款没有到账" }), "support@example.com", "zhao.lei@example.net");
    const ack = await rt.ctx.db.selectFrom("outbound_mail").selectAll().where("ticket_id", "=", opened.ticket_id!).executeTakeFirstOrThrow();
    const report = (action: string, status: string, ownId: string | null) => Buffer.from([
      "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>", "To: support@example.com", "Subject: Delivery Status Notification",
      ...(ownId ? [`Message-ID: ${ownId}`] : []), "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b2"', "", "--b2", "Content-Type: text/plain", "", "About your message.",
      "--b2", "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx.example.net", "", "Final-Recipient: rfc822; zhao.lei@example.net",
      `Action: ${action}`, `Status: ${status}`, "Diagnostic-Code: smtp; 451 4.4.7 try again later", "",
      "--b2", "Content-Type: text/rfc822-headers", "", `Message-ID: ${ack.message_id_header}`, "", "--b2--", "",
    ].join("\r\n"));
    const delayed = await ingest(rt, report("delayed", "4.4.7", "<dsn-2@mx.example.net>"), "support@example.com", "");
    assert.equal(delayed.ticket_id, opened.ticket_id);
    let out = await rt.ctx.db.selectFrom("outbound_mail").select("status").where("id", "=", ack.id).executeTakeFirstOrThrow();
    assert.equal(ack.status, "outboxed");
    assert.equal(out.status, "outboxed");
    const kinds = async () => (await rt.ctx.db.selectFrom("events").select("kind").where("ticket_id", "=", opened.ticket_id).execute()).map((e) => e.kind);
    assert.ok((await kinds()).includes("mail.delayed"));
    assert.ok(!(await kinds()).includes("mail.bounced"));

    const failed = await ingest(rt, report("failed", "5.1.1", null), "support@example.com", "");
    assert.equal(failed.ticket_id, opened.ticket_id, failed.reason ?? "");
    out = await rt.ctx.db.selectFrom("outbound_mail").select("status").where("id", "=", ack.id).executeTakeFirstOrThrow();
    assert.equal(out.status, "bounced");
    assert.ok((await kinds()).includes("mail.bounced"));
  });

  it("knows automatic mail that only its headers betray: a null Return-Path without an envelope, a read receipt, a plain-text bounce", async () => {
    const viaImap = async (raw: Buffer) => {
      const { inboundId } = await acceptInbound(rt.ctx, { channel: "imap", raw, envelope: { mailFrom: null, rcptTo: ["support@example.com"] } });
      await rt.runner.drain();
      return rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", inboundId).executeTakeFirstOrThrow();
    };
    const acksTo = async (address: string) => (await rt.ctx.db.selectFrom("outbound_mail").select("id").where("to_address", "=", address).execute()).length;
    const nullPath = await viaImap(await makeMail({ from: "robot@example.org", subject: "Your statement is ready", headers: { "Return-Path": "<>" } }));
    const tags = await rt.ctx.db.selectFrom("tickets").select("tags_json").where("id", "=", nullPath.ticket_id!).executeTakeFirstOrThrow();
    assert.ok(JSON.parse(tags.tags_json).includes("automatic"), tags.tags_json);
    assert.equal(await acksTo("robot@example.org"), 0);

    const opened = await ingest(rt, await makeMail({ from: "sun.li@example.net", subject: "冻结账户" }), "support@example.com", "sun.li@example.net");
    const ack = await rt.ctx.db.selectFrom("outbound_mail").selectAll().where("ticket_id", "=", opened.ticket_id!).executeTakeFirstOrThrow();
    await rt.ctx.db.updateTable("tickets").set({ status: "pending" }).where("id", "=", opened.ticket_id!).execute();
    const receipt = Buffer.from([
      "From: sun.li@example.net", "To: support@example.com", `Subject: Read: ${ack.subject}`, `In-Reply-To: ${ack.message_id_header}`,
      "Message-ID: <mdn-1@example.net>", "MIME-Version: 1.0", 'Content-Type: multipart/report; report-type=disposition-notification; boundary="m1"', "",
      "--m1", "Content-Type: text/plain", "", "Your message was read.", "--m1", "Content-Type: message/disposition-notification", "",
      "Final-Recipient: rfc822; sun.li@example.net", `Original-Message-ID: ${ack.message_id_header}`, "Disposition: manual-action/MDN-sent-manually; displayed", "", "--m1--", "",
    ].join("\r\n"));
    await ingest(rt, receipt, "support@example.com", "sun.li@example.net");
    const ticket = await rt.ctx.db.selectFrom("tickets").select("status").where("id", "=", opened.ticket_id!).executeTakeFirstOrThrow();
    assert.equal(ticket.status, "pending", "a read receipt is not the customer writing back");

    const exim = Buffer.from([
      "From: Mail Delivery System <Mailer-Daemon@mx.example.net>", "To: support@example.com", "Subject: Mail delivery failed: returning message to sender",
      "Message-ID: <exim-1@mx.example.net>", "", "This message was created automatically by mail delivery software.", "",
      "A message that you sent could not be delivered to one or more of its recipients.", "", "  sun.li@example.net", "    mailbox is full", "",
      "------ This is a copy of the message, including all the headers. ------", "", `Message-ID: ${ack.message_id_header}`, "Subject: ...", "",
    ].join("\r\n"));
    const bounce = await ingest(rt, exim, "support@example.com", "");
    assert.equal(bounce.ticket_id, opened.ticket_id, bounce.reason ?? "");
    const out = await rt.ctx.db.selectFrom("outbound_mail").select("status").where("id", "=", ack.id).executeTakeFirstOrThrow();
    assert.equal(out.status, "bounced");
  });

  it("threads the customer's answer to an agent reply", async () => {
    const ticket = await rt.ctx.db.selectFrom("tickets").selectAll().where("number", "=", 100001).executeTakeFirstOrThrow();
    const { outboundId } = await replyToTicket(rt.ctx, ticket.id, { text: "We are checking your withdrawal." });
    await rt.runner.drain();
    const out = await rt.ctx.db.selectFrom("outbound_mail").selectAll().where("id", "=", outboundId).executeTakeFirstOrThrow();
    assert.equal(out.status, "outboxed");
    const after = await rt.ctx.db.selectFrom("tickets").select("status").where("id", "=", ticket.id).executeTakeFirstOrThrow();
    assert.equal(after.status, "pending");
    const row = await ingest(rt, await makeMail({ subject: `Re: ${out.subject}`, text: "Thank you", inReplyTo: out.message_id_header }));
    assert.equal(row.ticket_id, ticket.id);
    const reopened = await rt.ctx.db.selectFrom("tickets").select("status").where("id", "=", ticket.id).executeTakeFirstOrThrow();
    assert.equal(reopened.status, "open");
  });

  it("moves a message that cannot be processed to dead letters, and replays it after a fix", async () => {
    const raw = await makeMail({ from: "carol@example.org", subject: "statement question" });
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: "carol@example.org", rcptTo: ["support@example.com"] } });
    const row = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", inboundId).executeTakeFirstOrThrow();
    const kept = await rt.ctx.services.blobs.get(row.raw_blob_key);
    await rt.ctx.services.blobs.delete(row.raw_blob_key);
    for (let i = 0; i < 3; i++) {
      await rt.runner.drain();
      rt.clock.advance(15 * 60_000);
    }
    const dead = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", inboundId).executeTakeFirstOrThrow();
    assert.equal(dead.status, "dead");
    assert.match(dead.reason!, /ENOENT/);
    await rt.ctx.services.blobs.put(row.raw_blob_key, kept);
    await replayInbound(rt.ctx, inboundId);
    await rt.runner.drain();
    const done = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", inboundId).executeTakeFirstOrThrow();
    assert.equal(done.status, "processed");
  });

  it("writes one ticket when two workers take the same message (a job whose lock ran out)", async () => {
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ subject: "Taken twice" }), envelope: { mailFrom: "li.wei@example.net", rcptTo: ["support@example.com"] } });
    const before = await rt.ctx.db.selectFrom("tickets").select("id").execute();
    const outcomes = await Promise.allSettled([runPipeline(rt.ctx, inboundId), runPipeline(rt.ctx, inboundId)]);
    const committed = outcomes.filter((o) => o.status === "fulfilled" && o.value.kind === "committed");
    assert.equal(committed.length, 1, JSON.stringify(outcomes.map((o) => (o.status === "fulfilled" ? o.value.kind : String(o.reason)))));
    const other = outcomes.find((o) => o !== committed[0])!;
    // Either it saw the row already processed, or its commit found it no longer pending and rolled back.
    assert.ok(other.status === "rejected" ? /no longer pending/.test(String(other.reason)) : other.value.kind === "skipped", other.status === "rejected" ? String(other.reason) : other.value.kind);
    assert.equal((await rt.ctx.db.selectFrom("tickets").select("id").execute()).length, before.length + 1);
    assert.equal((await rt.ctx.db.selectFrom("messages").select("id").where("inbound_id", "=", inboundId).execute()).length, 1);
    await rt.runner.drain();
  });

  it("never turns a message another worker processed into a dead letter, even on its last try", async () => {
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ subject: "Last try, twice" }), envelope: { mailFrom: "li.wei@example.net", rcptTo: ["support@example.com"] } });
    await rt.ctx.db.updateTable("inbound").set({ attempts: processInboundSpec.maxAttempts - 1 }).where("id", "=", inboundId).execute();
    // Two workers (different lanes) on the same message, each on what it counts as the last try.
    await Promise.all([processInboundJob.handle(rt.ctx, { inboundId, sender: "lane-a" }), processInboundJob.handle(rt.ctx, { inboundId, sender: "lane-b" })]);
    const row = await rt.ctx.db.selectFrom("inbound").select(["status", "reason"]).where("id", "=", inboundId).executeTakeFirstOrThrow();
    assert.equal(row.status, "processed", row.reason ?? "");
    assert.equal((await rt.ctx.db.selectFrom("messages").select("id").where("inbound_id", "=", inboundId).execute()).length, 1);
    await rt.runner.drain();
  });
});
