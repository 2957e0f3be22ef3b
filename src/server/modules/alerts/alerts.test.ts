// Alerts and the mail status page, per dialect: who is mailed and how often, what the status lists as
// needing a human, and who may read it.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { markInboundDead } from "../../ingest/pipeline.ts";
import { replayInbound } from "../../ingest/replay.ts";
import { buildHttpApp } from "../../http/app.ts";
import { createAgent, issueToken } from "../agents/agent.commands.ts";
import { listAlerts, raiseAlert, resolveAlert } from "./alert.commands.ts";
import { mailStatus } from "./mail-status.query.ts";

const PASSWORD = "correct horse battery";

await forEachDialect("alerts and mail status", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  const alertMailTo = async (address: string) =>
    rt.ctx.db.selectFrom("outbound_mail").selectAll().where("to_address", "=", address).where("kind", "=", "notification").orderBy("created_at").execute();
  const bearer = async (email: string) => ({ authorization: `Bearer ${(await issueToken(rt.ctx, email, PASSWORD)).token}` });

  before(async () => {
    rt = await openTestRuntime(dialect, {
      imap: [{ name: "support", host: "imap.example.com", user: "support", password: "x", folder: "INBOX" }],
    });
    app = await buildHttpApp(rt.ctx);
    await createAgent(rt.ctx, { email: "ops@example.com", name: "Ops", role: "admin", password: PASSWORD });
    await createAgent(rt.ctx, { email: "ops-zh@example.com", name: "运维", role: "admin", password: PASSWORD, language: "zh-CN" });
    await createAgent(rt.ctx, { email: "gone@example.com", name: "Gone", role: "admin", password: PASSWORD });
    await rt.ctx.db.updateTable("agents").set({ disabled: 1 }).where("email", "=", "gone@example.com").execute();
    await createAgent(rt.ctx, { email: "sue@example.com", name: "Sue", role: "supervisor", password: PASSWORD });
    await createAgent(rt.ctx, { email: "andy@example.com", name: "Andy", role: "agent", password: PASSWORD });
    await createAgent(rt.ctx, { email: "audrey@example.com", name: "Audrey", role: "auditor", password: PASSWORD });
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("mails active admins when a condition starts (again), then at most hourly while it goes on", async () => {
    const alert = { kind: "imap.disabled" as const, key: "imap.disabled:test", message: "IMAP account test disabled, auth: AUTHENTICATIONFAILED" };
    await raiseAlert(rt.ctx, alert);
    rt.clock.advance(20 * 60_000);
    await raiseAlert(rt.ctx, alert);
    assert.equal((await alertMailTo("ops@example.com")).length, 1);
    const zh = await alertMailTo("ops-zh@example.com");
    assert.equal(zh.length, 1);
    assert.match(zh[0]!.subject, /IMAP 邮箱已停止收信/);
    for (const nobody of ["gone@example.com", "sue@example.com", "andy@example.com"]) assert.equal((await alertMailTo(nobody)).length, 0, nobody);

    rt.clock.advance(41 * 60_000);
    await raiseAlert(rt.ctx, alert);
    assert.equal((await alertMailTo("ops@example.com")).length, 2);
    const [row] = (await listAlerts(rt.ctx)).filter((a) => a.key === alert.key);
    assert.equal(row?.count, 3);
    assert.equal(row?.resolvedAt, null);

    await resolveAlert(rt.ctx, alert.key);
    rt.clock.advance(5 * 60_000);
    await raiseAlert(rt.ctx, alert);
    const [again] = (await listAlerts(rt.ctx)).filter((a) => a.key === alert.key);
    assert.equal(again?.count, 1, "a new episode counts from one");
    assert.equal((await alertMailTo("ops@example.com")).length, 3, "and is mailed at once, even within the hour");
    await raiseAlert(rt.ctx, alert);
    assert.equal((await alertMailTo("ops@example.com")).length, 3, "the same instant again: no second mail");
  });

  it("mails once when the same condition is raised at the same moment by several workers", async () => {
    const alert = { kind: "intake.dead_letter" as const, key: "race", message: "inbound x: boom" };
    const before = (await alertMailTo("ops@example.com")).length;
    await Promise.all([raiseAlert(rt.ctx, alert), raiseAlert(rt.ctx, alert), raiseAlert(rt.ctx, alert)]);
    assert.equal((await alertMailTo("ops@example.com")).length, before + 1);
    assert.equal((await listAlerts(rt.ctx)).find((a) => a.key === "race")?.count, 3);
    await resolveAlert(rt.ctx, "race");
  });

  it("raises a dead-letter alert and resolves it when the last dead letter is replayed", async () => {
    const before = (await alertMailTo("ops@example.com")).length;
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ subject: "refund" }), envelope: { mailFrom: "li.wei@example.net", rcptTo: ["support@example.com"] } });
    await markInboundDead(rt.ctx, inboundId, "TypeError: something broke");
    const mails = await alertMailTo("ops@example.com");
    assert.equal(mails.length, before + 1);
    assert.match(mails.at(-1)!.subject, /dead letters/);
    let status = await mailStatus(rt.ctx);
    assert.equal(status.intake.dead, 1);
    assert.ok(status.problems.some((p) => /1 message\(s\) could not be processed/.test(p)), status.problems.join("\n"));
    assert.equal(status.alerts.find((a) => a.key === "intake.dead_letter")?.resolvedAt, null);

    await replayInbound(rt.ctx, inboundId);
    await rt.runner.drain();
    status = await mailStatus(rt.ctx);
    assert.equal(status.intake.dead, 0);
    assert.ok(status.alerts.find((a) => a.key === "intake.dead_letter")?.resolvedAt);
    assert.ok(!status.problems.some((p) => /dead-letter/.test(p)));
  });

  it("lists work no worker takes, delivery retries and IMAP accounts never polled", async () => {
    await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ subject: "stuck" }), envelope: { mailFrom: "li.wei@example.net", rcptTo: ["support@example.com"] } });
    let status = await mailStatus(rt.ctx);
    assert.equal(status.intake.pending, 1);
    assert.equal(status.worker.stalled, false, "a fresh message is not a problem yet");
    assert.ok(!status.problems.some((p) => /is a worker running/.test(p)));
    rt.clock.advance(11 * 60_000);
    const queued = await rt.ctx.db.selectFrom("outbound_mail").select("id").orderBy("created_at").executeTakeFirstOrThrow();
    await rt.ctx.db.updateTable("outbound_mail").set({ status: "queued", attempts: 2, last_error: "421 try later" }).where("id", "=", queued.id).execute();
    status = await mailStatus(rt.ctx);
    assert.deepEqual(status.imap.map((a) => [a.name, a.state]), [["support", "not yet polled"]]);
    assert.equal(status.outbound.retrying, 1);
    assert.equal(status.worker.stalled, true);
    assert.equal(status.outbound.mode, "outbox");
    assert.ok(status.problems.some((p) => /Work has waited for a worker since .* \(1 message\(s\) pending\): is a worker running/.test(p)), status.problems.join("\n"));
    assert.ok(status.problems.some((p) => /1 outgoing mail\(s\) failed delivery and are being retried/.test(p)));
    await rt.runner.drain();
    assert.ok(!(await mailStatus(rt.ctx)).problems.some((p) => /is a worker running/.test(p)));
  });

  it("finds a pending message whose job is gone, and lets a replay take it in", async () => {
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ subject: "orphan" }), envelope: { mailFrom: "li.wei@example.net", rcptTo: ["support@example.com"] } });
    // As if its job had died without recording the message's fate.
    await rt.ctx.db.updateTable("jobs").set({ status: "dead" }).where("dedupe_key", "=", `inbound:${inboundId}:0`).execute();
    assert.deepEqual((await mailStatus(rt.ctx)).intake.orphaned, [], "not within the first ten minutes");
    rt.clock.advance(11 * 60_000);
    const status = await mailStatus(rt.ctx);
    assert.deepEqual(status.intake.orphaned, [inboundId]);
    assert.ok(status.problems.some((p) => p.includes(`1 message(s) pending with no job left to process them`) && p.includes(inboundId)), status.problems.join("\n"));
    await replayInbound(rt.ctx, inboundId);
    await rt.runner.drain();
    const row = await rt.ctx.db.selectFrom("inbound").select("status").where("id", "=", inboundId).executeTakeFirstOrThrow();
    assert.equal(row.status, "processed");
    assert.deepEqual((await mailStatus(rt.ctx)).intake.orphaned, []);
    // A pending message whose job is still queued is not replayed twice.
    const waiting = await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ subject: "queued" }), envelope: { mailFrom: "li.wei@example.net", rcptTo: ["support@example.com"] } });
    await assert.rejects(replayInbound(rt.ctx, waiting.inboundId), /message is pending/);
    await rt.runner.drain();
  });

  it("shows the status to admins, supervisors and auditors, not to agents", async () => {
    for (const email of ["ops@example.com", "sue@example.com", "audrey@example.com"]) {
      const res = await app.inject({ method: "GET", url: "/api/admin/mail-status", headers: await bearer(email) });
      assert.equal(res.statusCode, 200, `${email}: ${res.body}`);
      assert.ok(Array.isArray(res.json().problems));
      assert.doesNotMatch(res.body, /"password"/);
    }
    const denied = await app.inject({ method: "GET", url: "/api/admin/mail-status", headers: await bearer("andy@example.com") });
    assert.equal(denied.statusCode, 403);
    assert.equal((await app.inject({ method: "GET", url: "/api/admin/mail-status" })).statusCode, 401);
  });

  it("lets admins and supervisors mark an alert resolved, audited, and not auditors", async () => {
    const key = "intake.too_large:support:1:42";
    await raiseAlert(rt.ctx, { kind: "intake.too_large", key, message: "message UID 42 in INBOX is 90000 bytes, over the limit" });
    assert.ok((await mailStatus(rt.ctx)).problems.some((p) => /1 message\(s\) over the size limit were left in their IMAP folder/.test(p)));
    const auditor = await app.inject({ method: "POST", url: "/api/admin/alerts/resolve", payload: { key }, headers: await bearer("audrey@example.com") });
    assert.equal(auditor.statusCode, 403);
    const res = await app.inject({ method: "POST", url: "/api/admin/alerts/resolve", payload: { key }, headers: await bearer("sue@example.com") });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().alerts.find((a: { key: string }) => a.key === key).resolvedAt);
    assert.ok(!res.json().problems.some((p: string) => /over the size limit/.test(p)));
    const twice = await app.inject({ method: "POST", url: "/api/admin/alerts/resolve", payload: { key }, headers: await bearer("sue@example.com") });
    assert.equal(twice.statusCode, 404, "already resolved: nothing to do, nothing audited");
    const audit = await rt.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "alert.resolved").execute();
    assert.equal(audit.length, 1);
    assert.deepEqual(JSON.parse(audit[0]!.data_json), { key });
  });
});
