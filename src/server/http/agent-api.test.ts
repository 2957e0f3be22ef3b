// The agent API and the raw-MIME webhook, in process (app.inject), per dialect.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { simpleParser } from "mailparser";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../test/harness.ts";
import { makeMail } from "../test/mail-factory.ts";
import { acceptInbound } from "../ingest/accept.ts";
import { createAgent } from "../modules/agents/agent.commands.ts";
import { buildHttpApp } from "./app.ts";
import { webhookSignature } from "./hooks/inbound-mime.routes.ts";

const WEBHOOK_SECRET = "webhook-secret-0123456789";

await forEachDialect("agent API", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let auth: { authorization: string };

  async function ingest(raw: Buffer) {
    await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: "x@example.net", rcptTo: ["support@example.com"] } });
    await rt.runner.drain();
  }

  before(async () => {
    rt = await openTestRuntime(dialect, { webhookSecret: WEBHOOK_SECRET });
    app = await buildHttpApp(rt.ctx);
    const mailbox = await rt.ctx.db.selectFrom("mailboxes").select("id").executeTakeFirstOrThrow();
    await createAgent(rt.ctx, { email: "agent@example.com", name: "Agent", role: "agent", password: "correct horse battery", mailboxIds: [mailbox.id] });
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("refuses requests without a valid token", async () => {
    const res = await app.inject({ method: "GET", url: "/api/tickets" });
    assert.equal(res.statusCode, 401);
    const bad = await app.inject({ method: "GET", url: "/api/tickets", headers: { authorization: "Bearer nope" } });
    assert.equal(bad.statusCode, 401);
  });

  it("issues a token for the right password only", async () => {
    const wrong = await app.inject({ method: "POST", url: "/api/auth/token", payload: { email: "agent@example.com", password: "wrong password" } });
    assert.equal(wrong.statusCode, 401);
    const res = await app.inject({ method: "POST", url: "/api/auth/token", payload: { email: "Agent@Example.com", password: "correct horse battery" } });
    assert.equal(res.statusCode, 200);
    auth = { authorization: `Bearer ${res.json().token}` };
  });

  it("lists, reads and pages tickets", async () => {
    for (let i = 0; i < 5; i++) {
      await ingest(await makeMail({ from: `customer${i}@example.net`, subject: i === 0 ? "退款 refund please" : `question ${i}`, attachments: i === 0 ? [{ filename: "page.html", content: "<script>alert(1)</script>", contentType: "image/png" }] : [] }));
      rt.clock.advance(1000);
    }
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { statusCode: number; json(): unknown } = await app.inject({ method: "GET", url: `/api/tickets?limit=2${cursor ? `&cursor=${cursor}` : ""}`, headers: auth });
      assert.equal(res.statusCode, 200);
      const body = res.json() as { tickets: { number: string }[]; nextCursor: string | null };
      for (const t of body.tickets) {
        assert.ok(!seen.has(t.number), `ticket ${t.number} appears once`);
        seen.add(t.number);
      }
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    assert.equal(seen.size, 5);

    const res = await app.inject({ method: "GET", url: "/api/tickets/OK-100001", headers: auth });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.ticket.category, "refund");
    assert.equal(body.messages.length, 1);
    assert.equal(body.messages[0].direction, "inbound");
    assert.ok(body.events.some((e: { kind: string }) => e.kind === "ticket.created"));
    assert.equal((await app.inject({ method: "GET", url: "/api/tickets/OK-999999", headers: auth })).statusCode, 404);
  });

  it("keeps API answers out of every cache", async () => {
    for (const url of ["/api/tickets", "/api/tickets/OK-100001", "/api/session", "/api/agents"]) {
      const res = await app.inject({ method: "GET", url, headers: auth });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers["cache-control"], "no-store", url);
    }
    const refused = await app.inject({ method: "GET", url: "/api/tickets" });
    assert.equal(refused.headers["cache-control"], "no-store", "errors too");
  });

  it("serves attachments as downloads whatever the sender claimed", async () => {
    const ticket = (await app.inject({ method: "GET", url: "/api/tickets/OK-100001", headers: auth })).json();
    const attachment = ticket.messages[0].attachments[0];
    assert.equal(attachment.contentType, "text/html", "the bytes are HTML, not the PNG the sender claimed");
    const res = await app.inject({ method: "GET", url: `/api/attachments/${attachment.id}`, headers: auth });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["content-type"], "application/octet-stream");
    assert.match(String(res.headers["content-disposition"]), /^attachment;/);
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.equal(res.body, "<script>alert(1)</script>");
  });

  it("replies, notes and changes a ticket", async () => {
    const reply = await app.inject({ method: "POST", url: "/api/tickets/OK-100001/replies", headers: auth, payload: { text: "We have refunded you.", status: "solved" } });
    assert.equal(reply.statusCode, 201);
    const note = await app.inject({ method: "POST", url: "/api/tickets/OK-100001/notes", headers: auth, payload: { text: "Customer card 4111 1111 1111 1111 checked" } });
    assert.equal(note.statusCode, 201);
    const patch = await app.inject({ method: "PATCH", url: "/api/tickets/OK-100001", headers: auth, payload: { priority: "high", tags: ["VIP", "refund"] } });
    assert.equal(patch.statusCode, 200);
    assert.deepEqual(patch.json().ticket.tags, ["refund", "vip"]);
    const invalid = await app.inject({ method: "PATCH", url: "/api/tickets/OK-100001", headers: auth, payload: { status: "exploded" } });
    assert.equal(invalid.statusCode, 400);

    const body = (await app.inject({ method: "GET", url: "/api/tickets/OK-100001", headers: auth })).json();
    assert.equal(body.ticket.status, "solved");
    assert.equal(body.ticket.priority, "high");
    const directions = body.messages.map((m: { direction: string }) => m.direction);
    assert.deepEqual(directions, ["inbound", "outbound", "note"]);
    assert.doesNotMatch(body.messages[2].text, /4111 1111 1111 1111/);
    await rt.runner.drain();
    const outbox = (await app.inject({ method: "GET", url: "/api/outbox", headers: auth })).json();
    assert.ok(outbox.items.some((m: { kind: string; status: string }) => m.kind === "reply" && m.status === "outboxed"));
  });

  it("accepts raw MIME on the webhook only with a fresh, valid signature", async () => {
    const raw = await makeMail({ from: "hook@example.org", subject: "via relay" });
    const ts = String(Math.floor(rt.clock.now().getTime() / 1000));
    const good = await app.inject({ method: "POST", url: "/hooks/inbound/mime", payload: raw, headers: { "content-type": "message/rfc822", "x-paydesk-timestamp": ts, "x-paydesk-signature": webhookSignature(WEBHOOK_SECRET, ts, raw) } });
    assert.equal(good.statusCode, 202, good.body);
    const bad = await app.inject({ method: "POST", url: "/hooks/inbound/mime", payload: raw, headers: { "content-type": "message/rfc822", "x-paydesk-timestamp": ts, "x-paydesk-signature": webhookSignature("another-secret-000000", ts, raw) } });
    assert.equal(bad.statusCode, 401);
    const oldTs = String(Number(ts) - 3600);
    const stale = await app.inject({ method: "POST", url: "/hooks/inbound/mime", payload: raw, headers: { "content-type": "message/rfc822", "x-paydesk-timestamp": oldTs, "x-paydesk-signature": webhookSignature(WEBHOOK_SECRET, oldTs, raw) } });
    assert.equal(stale.statusCode, 401);
    // A request that cannot be valid is refused before its body is read: a stale one over the size limit
    // gets 401, not the body parser's 413.
    const huge = Buffer.alloc(rt.ctx.services.config.smtp.maxMessageBytes + 1024, 0x61);
    const early = await app.inject({ method: "POST", url: "/hooks/inbound/mime", payload: huge, headers: { "content-type": "message/rfc822", "x-paydesk-timestamp": oldTs, "x-paydesk-signature": "sha256=00" } });
    assert.equal(early.statusCode, 401);
    await rt.runner.drain();
    const row = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", good.json().accepted).executeTakeFirstOrThrow();
    assert.equal(row.channel, "webhook");
    assert.equal(row.status, "processed");
    const intake = (await app.inject({ method: "GET", url: "/api/intake?status=processed", headers: auth })).json();
    assert.ok(intake.items.some((i: { id: string }) => i.id === row.id));
  });

  it("answers a webhook request without a body, or with bytes that are not mail, with a clear 400 once it is authenticated", async () => {
    const ts = String(Math.floor(rt.clock.now().getTime() / 1000));
    const before = await rt.ctx.db.selectFrom("inbound").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const bodiless = await app.inject({ method: "POST", url: "/hooks/inbound/mime", headers: { "x-paydesk-timestamp": ts, "x-paydesk-signature": webhookSignature(WEBHOOK_SECRET, ts, Buffer.alloc(0)) } });
    assert.equal(bodiless.statusCode, 400, bodiless.body);
    assert.match(bodiless.json().error.message, /not a mail message: the input is empty/);
    const forged = await app.inject({ method: "POST", url: "/hooks/inbound/mime", headers: { "x-paydesk-timestamp": ts, "x-paydesk-signature": "sha256=00" } });
    assert.equal(forged.statusCode, 401);
    const text = Buffer.from("hello, this is not an e-mail\n");
    const notMail = await app.inject({ method: "POST", url: "/hooks/inbound/mime", payload: text, headers: { "content-type": "message/rfc822", "x-paydesk-timestamp": ts, "x-paydesk-signature": webhookSignature(WEBHOOK_SECRET, ts, text) } });
    assert.equal(notMail.statusCode, 400);
    assert.match(notMail.json().error.message, /does not begin with a header section/);
    const after = await rt.ctx.db.selectFrom("inbound").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
    // A signature in upper-case hex is the same signature.
    const raw = await makeMail({ from: "upper@example.org", subject: "upper-case signature" });
    const upper = webhookSignature(WEBHOOK_SECRET, ts, raw).replace(/^sha256=/, "").toUpperCase();
    const ok = await app.inject({ method: "POST", url: "/hooks/inbound/mime", payload: raw, headers: { "content-type": "message/rfc822", "x-paydesk-timestamp": ts, "x-paydesk-signature": `sha256=${upper}` } });
    assert.equal(ok.statusCode, 202, ok.body);
  });

  it("signs the webhook's envelope: a captured request cannot be sent on to another mailbox", async () => {
    const raw = await makeMail({ from: "relay-user@example.org", subject: "envelope signed" });
    const ts = String(Math.floor(rt.clock.now().getTime() / 1000));
    const envelope = { from: "relay-user@example.org", to: "support@example.com" };
    const headers = {
      "content-type": "message/rfc822", "x-paydesk-timestamp": ts, "x-paydesk-envelope-from": envelope.from, "x-paydesk-envelope-to": envelope.to,
      "x-paydesk-signature": webhookSignature(WEBHOOK_SECRET, ts, raw, envelope),
    };
    assert.equal((await app.inject({ method: "POST", url: "/hooks/inbound/mime", payload: raw, headers })).statusCode, 202);
    const redirected = await app.inject({ method: "POST", url: "/hooks/inbound/mime", payload: raw, headers: { ...headers, "x-paydesk-envelope-to": "vip@example.com" } });
    assert.equal(redirected.statusCode, 401);
    const stripped = await app.inject({ method: "POST", url: "/hooks/inbound/mime", payload: raw, headers: { "content-type": "message/rfc822", "x-paydesk-timestamp": ts, "x-paydesk-signature": headers["x-paydesk-signature"] } });
    assert.equal(stripped.statusCode, 401, "the plain signature does not cover a request that named its envelope");
    const unsigned = await app.inject({ method: "POST", url: "/hooks/inbound/mime", payload: raw, headers: { ...headers, "x-paydesk-signature": webhookSignature(WEBHOOK_SECRET, ts, raw) } });
    assert.equal(unsigned.statusCode, 401, "envelope headers outside the signature are refused");
    const shifted = await app.inject({ method: "POST", url: "/hooks/inbound/mime", payload: raw, headers: { ...headers, "x-paydesk-envelope-from": "relay-user@example", "x-paydesk-envelope-to": "org.support@example.com" } });
    assert.equal(shifted.statusCode, 401, "the parts cannot be shifted into each other");
  });

  it("shows the tracking page only with the signed token", async () => {
    const ack = await rt.ctx.db.selectFrom("outbound_mail").select("raw_blob_key").where("kind", "=", "acknowledgement").orderBy("created_at").executeTakeFirstOrThrow();
    const parsed = await simpleParser(await rt.ctx.services.blobs.get(ack.raw_blob_key!));
    const link = /https:\/\/help\.example\.com(\/track\/OK-\d+\?t=[a-z2-7]+)/.exec(parsed.text!)![1]!;
    // The link trades its token for a tracking cookie and redirects to the page without it.
    const opened = await app.inject({ method: "GET", url: link });
    assert.equal(opened.statusCode, 303);
    const cookie = [opened.headers["set-cookie"]].flat().map((c) => String(c).split(";")[0]).join("; ");
    const ok = await app.inject({ method: "GET", url: String(opened.headers.location), headers: { cookie } });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /Status|状态/);
    const forged = await app.inject({ method: "GET", url: link.replace(/t=[a-z2-7]+/, "t=aaaaaaaaaaaaaaaa") });
    assert.equal(forged.statusCode, 404);
    assert.match(String(ok.headers["content-security-policy"]), /default-src 'none'/);
  });

  it("lists and replays dead letters", async () => {
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "cli", raw: await makeMail({ from: "dl@example.org" }), envelope: { mailFrom: null, rcptTo: [] }, mailboxAddress: "support@example.com" });
    await rt.ctx.db.updateTable("inbound").set({ status: "dead", reason: "simulated failure" }).where("id", "=", inboundId).execute();
    await rt.ctx.db.updateTable("jobs").set({ status: "done" }).where("payload_json", "like", `%${inboundId}%`).execute();
    const list = (await app.inject({ method: "GET", url: "/api/dead-letters", headers: auth })).json();
    assert.ok(list.items.some((i: { id: string; reason: string }) => i.id === inboundId && i.reason === "simulated failure"));
    const replay = await app.inject({ method: "POST", url: `/api/dead-letters/${inboundId}/replay`, headers: auth });
    assert.equal(replay.statusCode, 202);
    await rt.runner.drain();
    const row = await rt.ctx.db.selectFrom("inbound").select("status").where("id", "=", inboundId).executeTakeFirstOrThrow();
    assert.equal(row.status, "processed");
    const again = await app.inject({ method: "POST", url: `/api/dead-letters/${inboundId}/replay`, headers: auth });
    assert.equal(again.statusCode, 409);
  });
});
