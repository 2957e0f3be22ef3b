// Intake, dead letters and outbox over the agent API, per dialect: each agent sees their own mailboxes'
// records only, and only writers may replay.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { markInboundDead } from "../../ingest/pipeline.ts";
import { replayInbound } from "../../ingest/replay.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { buildHttpApp } from "../app.ts";

const PASSWORD = "correct horse battery";

await forEachDialect("intake routes", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  const ids: Record<string, string> = {};
  const as = async (email: string) => ({ authorization: `Bearer ${(await issueToken(rt.ctx, email, PASSWORD)).token}` });
  const get = async (email: string, url: string) => (await app.inject({ method: "GET", url, headers: await as(email) })).json();

  before(async () => {
    rt = await openTestRuntime(dialect, {
      mailboxes: [{ address: "support@example.com", name: "OKPay Support" }, { address: "vip@example.com", name: "VIP desk" }],
    });
    app = await buildHttpApp(rt.ctx);
    const mailbox = async (address: string) => (await rt.ctx.db.selectFrom("mailboxes").select("id").where("address", "=", address).executeTakeFirstOrThrow()).id;
    await createAgent(rt.ctx, { email: "andy@example.com", name: "Andy", role: "agent", password: PASSWORD, mailboxIds: [await mailbox("support@example.com")] });
    await createAgent(rt.ctx, { email: "audrey@example.com", name: "Audrey", role: "auditor", password: PASSWORD });
    await createAgent(rt.ctx, { email: "sue@example.com", name: "Sue", role: "supervisor", password: PASSWORD });
    for (const [name, rcpt] of [["support", "support@example.com"], ["vip", "vip@example.com"]] as const) {
      const from = `${name}-customer@example.net`;
      ids[name] = (await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ from, to: rcpt, subject: `${name} question` }), envelope: { mailFrom: from, rcptTo: [rcpt] } })).inboundId;
    }
    await rt.runner.drain();
    for (const name of ["support", "vip"]) await markInboundDead(rt.ctx, ids[name]!, "TypeError: test");
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("shows an agent only their mailboxes' intake, dead letters and outbox", async () => {
    const intake = (await get("andy@example.com", "/api/intake")).items as { id: string }[];
    assert.deepEqual(intake.map((r) => r.id), [ids.support]);
    const dead = (await get("andy@example.com", "/api/dead-letters")).items as { id: string }[];
    assert.deepEqual(dead.map((r) => r.id), [ids.support]);
    const outbox = (await get("andy@example.com", "/api/outbox")).items as { to: string }[];
    assert.deepEqual(outbox.map((r) => r.to), ["support-customer@example.net"]);
    const all = (await get("sue@example.com", "/api/dead-letters")).items as { id: string }[];
    assert.deepEqual(all.map((r) => r.id).sort(), [ids.support, ids.vip].sort());
    // Auditors read within their mailboxes too: Audrey has none.
    assert.deepEqual((await get("audrey@example.com", "/api/dead-letters")).items, []);
  });

  it("speaks the API's camelCase, names tickets by number, and keeps the server's paths to itself", async () => {
    const [intake] = (await get("sue@example.com", "/api/intake")).items as Record<string, unknown>[];
    assert.ok(intake);
    assert.deepEqual(Object.keys(intake).filter((k) => k.includes("_")), []);
    assert.match(String(intake.ticketNumber), /^[A-Z]+-\d{6}$/);
    const ticket = await rt.ctx.db.selectFrom("tickets").select("id").where("id", "=", String(intake.ticketId)).executeTakeFirst();
    assert.ok(ticket, "ticketId is the ticket's id");
    const response = await app.inject({ method: "GET", url: "/api/outbox", headers: await as("sue@example.com") });
    const outbox = response.json().items as Record<string, unknown>[];
    assert.equal(outbox.length, 2);
    for (const mail of outbox) {
      assert.deepEqual(Object.keys(mail).filter((k) => k.includes("_")), []);
      assert.equal(mail.status, "outboxed");
      assert.equal(mail.response, "kept in outbox");
      assert.match(String(mail.outboxFile), /^[^/]+\.eml$/);
      assert.match(String(mail.ticketNumber), /^[A-Z]+-\d{6}$/);
    }
    assert.ok(!response.body.includes(rt.dataDir), "no path on the server");
  });

  it("replays only what the agent may see, and never for an auditor", async () => {
    const other = await app.inject({ method: "POST", url: `/api/dead-letters/${ids.vip}/replay`, headers: await as("andy@example.com") });
    assert.equal(other.statusCode, 404);
    const denied = await rt.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "access.denied").execute();
    assert.ok(denied.some((d) => JSON.parse(d.data_json).intakeId === ids.vip));
    const auditor = await app.inject({ method: "POST", url: `/api/dead-letters/${ids.support}/replay`, headers: await as("audrey@example.com") });
    assert.equal(auditor.statusCode, 403);
    const own = await app.inject({ method: "POST", url: `/api/dead-letters/${ids.support}/replay`, headers: await as("andy@example.com") });
    assert.equal(own.statusCode, 202, own.body);
    const vip = await rt.ctx.db.selectFrom("inbound").select("status").where("id", "=", ids.vip!).executeTakeFirstOrThrow();
    assert.equal(vip.status, "dead", "the other mailbox's dead letter is untouched");
  });

  it("replays dead letters only: never a held web-form request, nor processed mail", async () => {
    const from = "held@example.net";
    const held = await acceptInbound(rt.ctx, {
      channel: "web_form", raw: await makeMail({ from, subject: "please confirm me" }), envelope: { mailFrom: from, rcptTo: ["support@example.com"] },
      hold: { reason: "awaiting the sender's confirmation", until: new Date(rt.clock.now().getTime() + 3600_000) },
    });
    const res = await app.inject({ method: "POST", url: `/api/dead-letters/${held.inboundId}/replay`, headers: await as("andy@example.com") });
    assert.equal(res.statusCode, 409);
    assert.equal((await rt.ctx.db.selectFrom("inbound").select("status").where("id", "=", held.inboundId).executeTakeFirstOrThrow()).status, "held");
    await assert.rejects(replayInbound(rt.ctx, held.inboundId), /only dead, dropped or diverted/);
    await rt.runner.drain();
    const processed = await app.inject({ method: "POST", url: `/api/dead-letters/${ids.support}/replay`, headers: await as("andy@example.com") });
    assert.equal(processed.statusCode, 409, "replayed above and processed since: not a dead letter any more");
  });
});
