// `paydesk outbox deliver` run in-process on real storage (per dialect) against a real SMTP relay
// (smtp-capture) or a port nothing listens on: what it reports, its exit status, what it leaves queued.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, beforeEach, it } from "node:test";
import pino from "pino";
import { simpleParser } from "mailparser";
import { acceptInbound } from "../ingest/accept.ts";
import { replyToTicket } from "../modules/tickets/reply.commands.ts";
import { eachUndeliveredMail } from "../outbound/outbound-mail.repo.ts";
import { queueOutboundMail } from "../outbound/queue.ts";
import { openRuntime } from "../runtime.ts";
import { runCliOn } from "../test/cli-capture.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../test/harness.ts";
import { makeMail } from "../test/mail-factory.ts";
import { freePort } from "../test/ports.ts";
import { startCaptureServer, type CaptureServer } from "../test/smtp-capture.ts";

const relayAt = (port: number) => ({ relay: { url: `smtp://127.0.0.1:${port}`, insecureTls: false } });

await forEachDialect("paydesk outbox deliver", (dialect) => {
  let rt: TestRuntime;
  let relay: CaptureServer;
  before(async () => {
    relay = await startCaptureServer();
  });
  after(async () => relay.close());
  // A server without a relay: what it sends is kept in the outbox.
  beforeEach(async () => {
    await rt?.close();
    rt = await openTestRuntime(dialect, { acknowledgements: { maxPerAddressPerHour: 1000 } });
    relay.reset();
    relay.received.length = 0;
  });
  after(async () => rt.close());

  const rows = () => rt.ctx.db.selectFrom("outbound_mail").selectAll().orderBy("created_at").orderBy("id").execute();
  const deliverJobs = (status: string) => rt.ctx.db.selectFrom("jobs").selectAll().where("kind", "=", "mail.deliver").where("status", "=", status).execute();

  /** A new ticket (its acknowledgement) and an agent's reply a minute later, both kept in the outbox. */
  async function ticketWithReply(from = "li.wei@example.net") {
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ from, subject: "Withdrawal missing" }), envelope: { mailFrom: from, rcptTo: ["support@example.com"] } });
    await rt.runner.drain();
    const { ticket_id } = await rt.ctx.db.selectFrom("inbound").select("ticket_id").where("id", "=", inboundId).executeTakeFirstOrThrow();
    rt.clock.advance(60_000);
    await replyToTicket(rt.ctx, ticket_id!, { text: "We found your withdrawal." });
    await rt.runner.drain();
    return ticket_id!;
  }

  it("delivers every kept message oldest first: the acknowledgement before the reply that follows it", async () => {
    await ticketWithReply();
    assert.deepEqual((await rows()).map((r) => r.status), ["outboxed", "outboxed"]);

    const run = await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^delivered {2}acknowledgement OK-100001 to li\.wei@example\.net \(\S+\): 250 .*\ndelivered {2}reply OK-100001 to li\.wei@example\.net/);
    assert.match(run.stdout, /2 message\(s\): 2 delivered, 0 waiting for a retry, 0 failed permanently\.\n$/);
    const subjects = await Promise.all(relay.received.map(async (m) => (await simpleParser(m.raw)).subject));
    assert.equal(subjects.length, 2);
    assert.match(subjects[0]!, /^We received your request/);
    assert.match(subjects[1]!, /^Re: /);
    assert.deepEqual((await rows()).map((r) => r.status), ["sent", "sent"]);
    assert.equal((await deliverJobs("running")).length, 0);

    const again = await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    assert.equal(again.code, 0);
    assert.match(again.stdout, /^Nothing to deliver/);
    assert.equal(relay.received.length, 2);
  });

  it("reads all undelivered mail oldest first, page after page, while each is being delivered", async () => {
    for (let i = 0; i < 7; i++) {
      await queueOutboundMail(rt.ctx, { kind: "notification", ticketId: null, messageRowId: null, mail: {
        from: { name: "OKPay Support", address: "support@example.com" }, to: `customer${i}@example.net`, subject: `Notice ${i}`, text: "Hello", messageId: `<notice-${i}@example.com>` } });
      if (i % 2) rt.clock.advance(1000); // some share a timestamp: the id orders those
    }
    await rt.runner.drain();
    const seen: string[] = [];
    for await (const mail of eachUndeliveredMail(rt.ctx, 3)) {
      seen.push(mail.to_address);
      // As a run leaves them: delivered, or queued again for a retry (still undelivered, not read twice).
      await rt.ctx.db.updateTable("outbound_mail").set(seen.length % 2 ? { status: "sent" } : { status: "queued", attempts: 1 }).where("id", "=", mail.id).execute();
    }
    assert.deepEqual(seen, Array.from({ length: 7 }, (_, i) => `customer${i}@example.net`));
  });

  it("with the relay unreachable, says each message will be retried and exits 75; the worker has them on its schedule", async () => {
    await ticketWithReply();
    const run = await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(await freePort()) });
    assert.equal(run.code, 75, run.stdout + run.stderr);
    const lines = run.stdout.split("\n");
    assert.match(lines[0]!, /^will retry {2}acknowledgement OK-100001 to li\.wei@example\.net \(\S+\) after \S+Z: no answer: .*ECONNREFUSED/);
    assert.match(lines[1]!, /^will retry {2}reply OK-100001 .*ECONNREFUSED/);
    assert.doesNotMatch(run.stdout, /delivered {2}/);
    assert.match(run.stdout, /2 message\(s\): 0 delivered, 2 waiting for a retry, 0 failed permanently\./);
    assert.match(run.stdout, /the worker retries it on its schedule if PAYDESK_RELAY_URL is set for the server too; a server without a relay puts it back in the outbox. Either way, running 'paydesk outbox deliver' again tries it at once\./);

    const after = await rows();
    assert.deepEqual(after.map((r) => [r.status, r.attempts]), [["queued", 1], ["queued", 1]]);
    for (const r of after) assert.match(r.last_error ?? "", /ECONNREFUSED/);
    // One waiting job each, due when the row says, and none left held by the command.
    const waiting = await deliverJobs("queued");
    assert.deepEqual(waiting.map((j) => JSON.parse(j.payload_json).outboundId).sort(), after.map((r) => r.id).sort());
    assert.deepEqual(waiting.map((j) => j.run_at).sort(), after.map((r) => r.next_attempt_at).sort());
    assert.equal((await deliverJobs("running")).length, 0);
  });

  it("tries mail waiting for a retry again at once when run again, and exits 0 once all is delivered", async () => {
    await ticketWithReply();
    relay.failNext(1, 451);
    const first = await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    assert.equal(first.code, 75, first.stdout);
    assert.match(first.stdout, /^will retry {2}acknowledgement .*: 451 4\.3\.0 Test relay says try again later\ndelivered {2}reply /);

    const second = await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    assert.equal(second.code, 0, second.stdout);
    assert.match(second.stdout, /^delivered {2}acknowledgement OK-100001 .*\n1 message\(s\): 1 delivered,/);
    assert.deepEqual((await rows()).map((r) => r.status), ["sent", "sent"]);
    // The worker's retry was taken over, not left to send the message a second time.
    assert.equal((await deliverJobs("queued")).length, 0);
    rt.clock.advance(24 * 3600_000);
    await rt.runner.drain();
    assert.equal(relay.received.length, 2);
  });

  it("reports a message the relay refuses for good and exits 1", async () => {
    await ticketWithReply();
    relay.failAlways(550);
    const run = await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /^FAILED {2}acknowledgement OK-100001 .*: 550 5\.7\.1 Refused by test relay\n/);
    assert.match(run.stdout, /0 delivered, 0 waiting for a retry, 2 failed permanently\.\nFailed mail is not retried/);
    assert.deepEqual((await rows()).map((r) => r.status), ["failed", "failed"]);
  });

  it("keeps mail queued and alerts the admins when the relay refuses our sender for its settings, and sends it once they are fixed", async () => {
    const guarded = await startCaptureServer({ auth: { user: "desk", pass: "s3cret" } });
    try {
      await ticketWithReply();
      const refused = await runCliOn(rt, ["outbox", "deliver"], { config: { relay: { url: `smtp://127.0.0.1:${guarded.port}`, insecureTls: false } } });
      assert.equal(refused.code, 75, refused.stdout);
      assert.match(refused.stdout, /^will retry {2}acknowledgement .*530/m);
      assert.deepEqual((await rows()).map((r) => r.status), ["queued", "queued"]);
      const alert = await rt.ctx.db.selectFrom("alerts").selectAll().where("key", "=", "relay.refused").executeTakeFirstOrThrow();
      assert.equal(alert.resolved_at, null);
      assert.match(alert.message, /MAIL FROM 530/);

      const fixed = await runCliOn(rt, ["outbox", "deliver"], { config: { relay: { url: `smtp://desk:s3cret@127.0.0.1:${guarded.port}`, insecureTls: false } } });
      assert.equal(fixed.code, 0, fixed.stdout);
      assert.equal(guarded.received.length, 2);
      const after = await rt.ctx.db.selectFrom("alerts").select("resolved_at").where("key", "=", "relay.refused").executeTakeFirstOrThrow();
      assert.notEqual(after.resolved_at, null);
    } finally {
      await guarded.close();
    }
  });

  it("counts the five days of retries from the first attempt, not from the days the mail sat in the outbox", async () => {
    await ticketWithReply();
    rt.clock.advance(6 * 24 * 3600_000);
    relay.failNext(2, 451);
    const run = await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    assert.equal(run.code, 75, run.stdout);
    assert.deepEqual((await rows()).map((r) => r.status), ["queued", "queued"]);
    rt.clock.advance(4 * 24 * 3600_000);
    relay.failNext(2, 451);
    await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    assert.deepEqual((await rows()).map((r) => r.status), ["queued", "queued"], "four days after the first attempt, still trying");
    rt.clock.advance(2 * 24 * 3600_000);
    relay.failNext(2, 451);
    const late = await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    assert.match(late.stdout, /gave up after 5 days/);
    assert.deepEqual((await rows()).map((r) => r.status), ["failed", "failed"]);
  });

  it("queues mail that failed for good again with 'outbox retry', which then goes out", async () => {
    await ticketWithReply();
    relay.failAlways(550);
    await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    const [ack, reply] = await rows();
    assert.equal(ack!.status, "failed");
    relay.reset();

    const one = await runCliOn(rt, ["outbox", "retry", ack!.id]);
    assert.equal(one.code, 0, one.stdout + one.stderr);
    assert.match(one.stdout, new RegExp(`^queued again {2}${ack!.id}\n`));
    const rest = await runCliOn(rt, ["outbox", "retry", "--failed"]);
    assert.match(rest.stdout, new RegExp(`^queued again {2}${reply!.id}\n`));
    assert.deepEqual((await rows()).map((r) => [r.status, r.attempts]), [["queued", 0], ["queued", 0]]);

    const run = await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(relay.received.length, 2);
    const again = await runCliOn(rt, ["outbox", "retry", ack!.id, "01900000-0000-7000-8000-00000000dead"]);
    assert.equal(again.code, 1);
    assert.match(again.stdout, /not retried {3}\S+: it is sent, not failed or bounced\nnot retried {3}\S+: no such message\n/);
    const events = await rt.ctx.db.selectFrom("events").select("data_json").where("kind", "=", "mail.queued").where("data_json", "like", "%\"retry\":true%").execute();
    assert.equal(events.length, 2);
  });

  it("still lists mail an attempt left queued before it reached the relay", async () => {
    await ticketWithReply();
    const broken = { ...relayAt(relay.port), dkim: { domain: "example.com", selector: "s1", privateKeyFile: "/nonexistent/dkim.pem" } };
    const first = await runCliOn(rt, ["outbox", "deliver"], { config: broken });
    assert.equal(first.code, 75, first.stdout);
    assert.match(first.stdout, /ENOENT/);
    assert.deepEqual((await rows()).map((r) => [r.status, r.attempts]), [["queued", 0], ["queued", 0]]);
    const second = await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    assert.equal(second.code, 0, second.stdout);
    assert.equal(relay.received.length, 2);
  });

  it("leaves a message a worker is sending right now to that worker", async () => {
    await ticketWithReply();
    const [ack] = await rows();
    // As a worker with a relay does after claiming the message's job.
    await rt.ctx.db.insertInto("jobs").values({
      id: "01900000-0000-7000-8000-000000000001", kind: "mail.deliver", payload_json: JSON.stringify({ outboundId: ack!.id }), status: "running",
      attempts: 1, max_attempts: 1000, run_at: rt.clock.now().toISOString(), locked_until: new Date(rt.clock.now().getTime() + 60_000).toISOString(),
      last_error: null, dedupe_key: `deliver:${ack!.id}:worker`, created_at: rt.clock.now().toISOString(), updated_at: rt.clock.now().toISOString(),
    }).execute();
    const run = await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    // Not this run's to wait for: it is no reason to run again (75), nor counted as waiting.
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /^being sent elsewhere {2}acknowledgement .*\ndelivered {2}reply /);
    assert.match(run.stdout, /2 message\(s\): 1 delivered, 0 waiting for a retry, 0 failed permanently, 1 being sent by a worker or another 'outbox deliver'\.\n$/);
    assert.equal(relay.received.length, 1);
    assert.equal((await rows())[0]!.status, "outboxed");
  });

  it("says so when a server without a relay puts mail waiting for a retry back in the outbox", async () => {
    await ticketWithReply();
    await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(await freePort()) });
    const logged: string[] = [];
    const log = pino({ level: "warn" }, new Writable({ write(chunk, _enc, done) { logged.push(String(chunk)); done(); } }));
    const server = await openRuntime(rt.config, { ...rt.options, log });
    try {
      rt.clock.advance(2 * 60_000);
      await server.runner.drain();
    } finally {
      await server.close();
    }
    assert.deepEqual((await rows()).map((r) => r.status), ["outboxed", "outboxed"]);
    assert.equal(logged.length, 2);
    assert.match(logged[0]!, /no relay configured in this process \(PAYDESK_RELAY_URL\): mail queued for a retry was kept in the outbox again/);
    assert.match(logged[0]!, /ECONNREFUSED/);
    // And the command takes it from there.
    const run = await runCliOn(rt, ["outbox", "deliver"], { config: relayAt(relay.port) });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(relay.received.length, 2);
  });

  it("refuses to run without a relay (exit 78) and leaves the outbox as it is", async () => {
    await ticketWithReply();
    const run = await runCliOn(rt, ["outbox", "deliver"]);
    assert.equal(run.code, 78);
    assert.match(run.stderr, /No relay is configured: set PAYDESK_RELAY_URL/);
    assert.deepEqual((await rows()).map((r) => r.status), ["outboxed", "outboxed"]);
  });

  it("is a usage error (64) with anything after deliver", async () => {
    const run = await runCliOn(rt, ["outbox", "deliver", "now"]);
    assert.equal(run.code, 64);
    assert.match(run.stderr, /^paydesk outbox: unexpected 'deliver now'\nUsage:\n {2}paydesk outbox \[list\]\n {2}paydesk outbox deliver\n {2}paydesk outbox retry ID\.\.\. \| --failed\n/);
  });
});
