// Outbound mail through a real SMTP relay (a capturing smtp-server on port 0), per dialect:
// acknowledgements, replies, retries, giving up, the local outbox and DKIM.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { simpleParser } from "mailparser";
import { authenticate } from "mailauth";
import { sql } from "kysely";
import { acceptInbound } from "../ingest/accept.ts";
import { replyToTicket } from "../modules/tickets/reply.commands.ts";
import { openRuntime } from "../runtime.ts";
import { forEachDialect, openTestRuntime, quietLog, type TestRuntime } from "../test/harness.ts";
import { makeMail, type TestMail } from "../test/mail-factory.ts";
import { startCaptureServer, type CaptureServer } from "../test/smtp-capture.ts";
import { listOutboundMail } from "./outbound-mail.repo.ts";
import { deliverNow } from "./deliver-now.ts";

const DAY = 24 * 3600_000;

async function ingest(rt: TestRuntime, mail: TestMail = {}) {
  const raw = await makeMail(mail);
  const from = (mail.from ?? "li.wei@example.net").replace(/^.*</, "").replace(/>$/, "");
  const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: from, rcptTo: ["support@example.com"], remoteIp: "192.0.2.10", helo: "mail.example.net" } });
  await rt.runner.drain();
  const row = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", inboundId).executeTakeFirstOrThrow();
  assert.equal(row.status, "processed", row.reason ?? "");
  return row;
}

const outbound = (rt: TestRuntime, id: string) => rt.ctx.db.selectFrom("outbound_mail").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

const eventsOf = (rt: TestRuntime, ticketId: string, kind: string) =>
  rt.ctx.db.selectFrom("events").selectAll().where("ticket_id", "=", ticketId).where("kind", "=", kind).execute();

const capturedWith = async (relay: CaptureServer, messageId: string) => {
  const out = [];
  for (const m of relay.received) if ((await simpleParser(m.raw)).messageId === messageId) out.push(m);
  return out;
};

/** Moves the clock just past the row's next attempt and runs the jobs that are then due. */
async function drainAtNextAttempt(rt: TestRuntime, outboundId: string) {
  const row = await outbound(rt, outboundId);
  const wait = new Date(row.next_attempt_at).getTime() - rt.clock.now().getTime();
  rt.clock.advance(Math.max(wait, 0) + 1000);
  return rt.runner.drain();
}

await forEachDialect("outbound delivery", (dialect) => {
  describe("through a relay", () => {
    let relay: CaptureServer;
    let rt: TestRuntime;
    let ticketId: string;
    let firstMessageId: string;
    before(async () => {
      relay = await startCaptureServer();
      rt = await openTestRuntime(dialect, { relay: { url: `smtp://127.0.0.1:${relay.port}` } });
    });
    after(async () => {
      await rt.close();
      await relay.close();
    });

    it("delivers the acknowledgement of a new ticket", async () => {
      firstMessageId = "<first-question@mail.example.net>";
      const row = await ingest(rt, { messageId: firstMessageId, subject: "Withdrawal has not arrived" });
      ticketId = row.ticket_id!;
      const [ack] = await listOutboundMail(rt.ctx, { ticketId });
      assert.ok(ack);
      assert.equal(ack.kind, "acknowledgement");
      assert.equal(ack.status, "sent", ack.last_error ?? "");
      assert.equal(ack.attempts, 1);
      assert.ok(ack.sent_at);
      assert.match(ack.smtp_response ?? "", /^250 /);

      assert.equal(relay.received.length, 1);
      const captured = relay.received[0]!;
      assert.equal(captured.mailFrom, "support@example.com");
      assert.deepEqual(captured.rcptTo, ["li.wei@example.net"]);
      const parsed = await simpleParser(captured.raw);
      assert.match(parsed.subject ?? "", /^We received your request \[#OK-100001\]$/);
      assert.equal(parsed.headers.get("auto-submitted"), "auto-replied");
      assert.equal(parsed.messageId, ack.message_id_header);
      assert.equal(parsed.inReplyTo, firstMessageId);
      assert.equal((parsed.to as { value: { address?: string }[] }).value[0]!.address, "li.wei@example.net");
      assert.match(parsed.text ?? "", /https:\/\/help\.example\.com\/track\/OK-100001\?t=/);
      assert.equal((await eventsOf(rt, ticketId, "mail.delivered")).length, 1);
    });

    it("delivers an agent reply with threading headers and the signed reply address", async () => {
      const { outboundId } = await replyToTicket(rt.ctx, ticketId, { text: "We are looking into your withdrawal." });
      await rt.runner.drain();
      const out = await outbound(rt, outboundId);
      assert.equal(out.status, "sent", out.last_error ?? "");
      const [captured] = await capturedWith(relay, out.message_id_header);
      assert.ok(captured, "the reply did not reach the relay");
      assert.deepEqual(captured.rcptTo, ["li.wei@example.net"]);
      const parsed = await simpleParser(captured.raw);
      assert.equal(parsed.inReplyTo, firstMessageId);
      assert.deepEqual([parsed.references].flat(), [firstMessageId]);
      assert.match(parsed.replyTo?.text ?? "", /^support\+ok100001-[a-z2-7]{16}@example\.com$/);
      assert.match(parsed.subject ?? "", /\[#OK-100001\]/);
      assert.equal(parsed.headers.get("auto-submitted"), undefined);
      assert.match(parsed.text ?? "", /We are looking into your withdrawal\./);
    });

    it("retries temporary refusals on schedule and delivers exactly one copy", async () => {
      relay.failNext(2, 451);
      const { outboundId } = await replyToTicket(rt.ctx, ticketId, { text: "Any update on your side?" });
      const before = relay.received.length;
      await rt.runner.drain();
      let out = await outbound(rt, outboundId);
      assert.equal(out.status, "queued");
      assert.equal(out.attempts, 1);
      assert.match(out.last_error ?? "", /^451 /);
      assert.ok(new Date(out.next_attempt_at).getTime() > rt.clock.now().getTime(), "next attempt is not in the future");
      assert.equal(relay.received.length, before);

      // Not due yet: nothing is sent.
      const attemptsSoFar = relay.attempts;
      await rt.runner.drain();
      assert.equal(relay.attempts, attemptsSoFar);

      const firstRetryAt = new Date(out.next_attempt_at).getTime();
      await drainAtNextAttempt(rt, outboundId);
      out = await outbound(rt, outboundId);
      assert.equal(out.status, "queued");
      assert.equal(out.attempts, 2);
      assert.ok(new Date(out.next_attempt_at).getTime() - firstRetryAt > 60_000, "the wait does not grow");

      await drainAtNextAttempt(rt, outboundId);
      out = await outbound(rt, outboundId);
      assert.equal(out.status, "sent", out.last_error ?? "");
      assert.equal(out.attempts, 3);
      assert.equal(out.last_error, null);
      assert.equal((await capturedWith(relay, out.message_id_header)).length, 1);
      // Nothing left to do for it.
      rt.clock.advance(DAY);
      await rt.runner.drain();
      assert.equal((await capturedWith(relay, out.message_id_header)).length, 1);
    });

    it("gives up at once on a permanent refusal and records it on the ticket", async () => {
      relay.failAlways(550);
      try {
        const { outboundId } = await replyToTicket(rt.ctx, ticketId, { text: "This one will bounce." });
        await rt.runner.drain();
        const out = await outbound(rt, outboundId);
        assert.equal(out.status, "failed");
        assert.equal(out.attempts, 1);
        assert.match(out.last_error ?? "", /^550 /);
        const failed = (await eventsOf(rt, ticketId, "mail.delivery_failed")).filter((e) => JSON.parse(e.data_json).outboundId === outboundId);
        assert.equal(failed.length, 1);
        assert.equal(JSON.parse(failed[0]!.data_json).gaveUp, false);

        const attempts = relay.attempts;
        rt.clock.advance(2 * DAY);
        await rt.runner.drain();
        assert.equal(relay.attempts, attempts, "a permanently refused message was tried again");
        assert.equal((await outbound(rt, outboundId)).status, "failed");
      } finally {
        relay.reset();
      }
    });

    it("keeps retrying temporary refusals for five days, then gives up", async () => {
      relay.failAlways(451);
      try {
        const { outboundId } = await replyToTicket(rt.ctx, ticketId, { text: "The relay is having a bad week." });
        const created = new Date((await outbound(rt, outboundId)).created_at).getTime();
        await rt.runner.drain();
        const tries: { at: number; status: string }[] = [];
        for (let i = 0; i < 50; i++) {
          const row = await outbound(rt, outboundId);
          if (row.status !== "queued") break;
          await drainAtNextAttempt(rt, outboundId);
          tries.push({ at: rt.clock.now().getTime() - created, status: (await outbound(rt, outboundId)).status });
        }
        const out = await outbound(rt, outboundId);
        assert.equal(out.status, "failed");
        assert.match(out.last_error ?? "", /^451 /);
        const last = tries[tries.length - 1]!;
        assert.ok(last.at > 5 * DAY, `gave up after only ${(last.at / DAY).toFixed(2)} days`);
        for (const t of tries.slice(0, -1)) {
          assert.equal(t.status, "queued");
          assert.ok(t.at <= 5 * DAY);
        }
        // Retried often at first, then about daily: a dozen or so attempts, not hundreds.
        assert.ok(out.attempts >= 10 && out.attempts <= 20, `${out.attempts} attempts`);
        const failed = (await eventsOf(rt, ticketId, "mail.delivery_failed")).filter((e) => JSON.parse(e.data_json).outboundId === outboundId);
        assert.equal(failed.length, 1);
        assert.equal(JSON.parse(failed[0]!.data_json).gaveUp, true);
      } finally {
        relay.reset();
      }
    });
  });

  describe("without a relay, then with one", () => {
    let relay: CaptureServer;
    let rt: TestRuntime;
    before(async () => {
      relay = await startCaptureServer();
      rt = await openTestRuntime(dialect);
    });
    after(async () => {
      await rt.close();
      await relay.close();
    });

    it("keeps mail in the outbox and sends it once a relay is configured", async () => {
      const row = await ingest(rt, { subject: "Refund please" });
      const kept = await listOutboundMail(rt.ctx, { status: "outboxed" });
      assert.equal(kept.length, 1);
      assert.equal(kept[0]!.ticket_id, row.ticket_id);
      assert.ok(existsSync(join(rt.dataDir, "outbox", `${kept[0]!.id}.eml`)));

      // The operator configures a relay and runs `paydesk outbox deliver` (a second process on the same data).
      const schema = dialect === "postgres" ? (await sql<{ s: string }>`select current_schema() as s`.execute(rt.ctx.db)).rows[0]!.s : undefined;
      const second = await openRuntime({ ...rt.config, relay: { url: `smtp://127.0.0.1:${relay.port}`, insecureTls: false } }, {
        clock: rt.clock, log: quietLog, pgSchema: schema,
      });
      try {
        const outboxed = await listOutboundMail(second.ctx, { status: "outboxed" });
        assert.equal(outboxed.length, 1);
        for (const m of outboxed) assert.equal((await deliverNow(second.ctx, m.id)).result, "sent");
        const out = await listOutboundMail(second.ctx, { ticketId: row.ticket_id! });
        assert.equal(out[0]!.status, "sent", out[0]!.last_error ?? "");
        assert.equal(relay.received.length, 1);
        assert.equal((await simpleParser(relay.received[0]!.raw)).messageId, kept[0]!.message_id_header);
        // The kept copy leaves the outbox once it is sent.
        assert.equal(existsSync(join(rt.dataDir, "outbox", `${kept[0]!.id}.eml`)), false);
        // Running it again sends nothing twice.
        assert.deepEqual(await deliverNow(second.ctx, kept[0]!.id), { result: "skipped", status: "sent" });
        await second.runner.drain();
        assert.equal(relay.received.length, 1);
      } finally {
        await second.close();
      }
    });
  });

  describe("DKIM", () => {
    let relay: CaptureServer;
    let rt: TestRuntime;
    let publicKey: string;
    let keyDir: string;
    before(async () => {
      relay = await startCaptureServer();
      const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
      publicKey = pair.publicKey.export({ type: "spki", format: "der" }).toString("base64");
      keyDir = mkdtempSync(join(tmpdir(), "paydesk-dkim-"));
      const keyFile = join(keyDir, "s1.pem");
      writeFileSync(keyFile, pair.privateKey.export({ type: "pkcs8", format: "pem" }));
      rt = await openTestRuntime(dialect, { relay: { url: `smtp://127.0.0.1:${relay.port}` }, dkim: { domain: "example.com", selector: "s1", privateKeyFile: keyFile } });
    });
    after(async () => {
      await rt.close();
      await relay.close();
      rmSync(keyDir, { recursive: true, force: true });
    });

    it("signs what it sends so that receivers can verify it", async () => {
      await ingest(rt, { subject: "Is this e-mail really from you?" });
      assert.equal(relay.received.length, 1);
      const raw = relay.received[0]!.raw;
      assert.match(raw.toString("latin1"), /^DKIM-Signature: [^]*\bd=example\.com;[^]*\bs=s1;/);
      const resolverFor = (key: string) => async (name: string, rr: string) => {
        if (name === "s1._domainkey.example.com" && rr === "TXT") return [[`v=DKIM1; k=rsa; p=${key}`]];
        throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
      };
      const good = await authenticate(raw, { ip: "127.0.0.1", helo: "relay.example.com", sender: "support@example.com", resolver: resolverFor(publicKey), disableArc: true, disableBimi: true });
      const [dkim] = good.dkim?.results ?? [];
      assert.equal(dkim?.signingDomain, "example.com");
      assert.equal(dkim?.status?.result, "pass");

      // The check has teeth: another key, or a changed body, fails.
      const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "der" }).toString("base64");
      const wrongKey = await authenticate(raw, { resolver: resolverFor(other), disableArc: true, disableBimi: true, sender: "support@example.com", ip: "127.0.0.1" });
      assert.notEqual(wrongKey.dkim?.results?.[0]?.status?.result, "pass");
      const tampered = Buffer.from(raw.toString("latin1").replace("We have received your request", "We have lost your request"), "latin1");
      assert.notDeepEqual(tampered, raw);
      const changed = await authenticate(tampered, { resolver: resolverFor(publicKey), disableArc: true, disableBimi: true, sender: "support@example.com", ip: "127.0.0.1" });
      assert.notEqual(changed.dkim?.results?.[0]?.status?.result, "pass");
    });
  });

  describe("a relay that requires a password", () => {
    let relay: CaptureServer;
    before(async () => {
      relay = await startCaptureServer({ auth: { user: "paydesk", pass: "right-password" } });
    });
    after(async () => relay.close());

    it("keeps mail queued while the configured password is wrong, and sends it once it is fixed", async () => {
      const rt = await openTestRuntime(dialect, { relay: { url: `smtp://paydesk:wrong-password@127.0.0.1:${relay.port}` } });
      let fixed: Awaited<ReturnType<typeof openRuntime>> | null = null;
      try {
        const row = await ingest(rt);
        const [out] = await listOutboundMail(rt.ctx, { ticketId: row.ticket_id! });
        // 535 is about our credentials, not about this message: it must not be given up.
        assert.equal(out!.status, "queued", out!.last_error ?? "");
        assert.match(out!.last_error ?? "", /^535 /);
        assert.equal(relay.received.length, 0);
        await drainAtNextAttempt(rt, out!.id);
        assert.equal((await outbound(rt, out!.id)).status, "queued");

        const schema = dialect === "postgres" ? (await sql<{ s: string }>`select current_schema() as s`.execute(rt.ctx.db)).rows[0]!.s : undefined;
        fixed = await openRuntime({ ...rt.config, relay: { url: `smtp://paydesk:right-password@127.0.0.1:${relay.port}`, insecureTls: false } }, {
          clock: rt.clock, log: quietLog, pgSchema: schema,
        });
        rt.clock.advance(new Date((await outbound(rt, out!.id)).next_attempt_at).getTime() - rt.clock.now().getTime() + 1000);
        await fixed.runner.drain();
        assert.equal((await outbound(rt, out!.id)).status, "sent");
        assert.equal(relay.received.length, 1);
      } finally {
        await fixed?.close();
        await rt.close();
      }
    });
  });

  describe("a relay with a self-signed certificate", () => {
    let relay: CaptureServer;
    before(async () => {
      relay = await startCaptureServer({ tls: "starttls" });
    });
    after(async () => relay.close());

    it("is refused by default and used when insecureTls is set", async () => {
      const strict = await openTestRuntime(dialect, { relay: { url: `smtp://127.0.0.1:${relay.port}` } });
      try {
        const row = await ingest(strict);
        const [out] = await listOutboundMail(strict.ctx, { ticketId: row.ticket_id! });
        assert.equal(out!.status, "queued");
        assert.match(out!.last_error ?? "", /certificate/i);
        assert.equal(relay.received.length, 0);
      } finally {
        await strict.close();
      }
      const lenient = await openTestRuntime(dialect, { relay: { url: `smtp://127.0.0.1:${relay.port}`, insecureTls: true } });
      try {
        const row = await ingest(lenient);
        const [out] = await listOutboundMail(lenient.ctx, { ticketId: row.ticket_id! });
        assert.equal(out!.status, "sent", out!.last_error ?? "");
        assert.equal(relay.received.length, 1);
      } finally {
        await lenient.close();
      }
    });
  });
});
