// Team administration over HTTP, on both dialects: agent list, role changes, invitations,
// password reset by mail, the audit log and the mailbox list.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { simpleParser } from "mailparser";
import { nowIso } from "../../context.ts";
import { newId } from "../../ids.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { buildHttpApp } from "../app.ts";
import { TestBrowser } from "./session.test-helper.ts";

const PASSWORD = "violet tram 42 harbour";

await forEachDialect("team administration", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let mailboxA: string;
  let mailboxB: string;
  const ids: Record<string, string> = {};
  const auth: Record<string, { authorization: string }> = {};

  async function tokenFor(email: string, password = PASSWORD) {
    // Straight from the command: the HTTP endpoint refuses admins who have not enrolled two-factor.
    return { authorization: `Bearer ${(await issueToken(rt.ctx, email, password)).token}` };
  }

  /** The link in the newest account mail to this address. */
  async function linkMailedTo(address: string): Promise<{ url: string; token: string; subject: string }> {
    const row = await rt.ctx.db.selectFrom("outbound_mail").selectAll().where("to_address", "=", address).where("kind", "=", "notification")
      .orderBy("created_at", "desc").orderBy("id", "desc").executeTakeFirstOrThrow();
    assert.equal(row.ticket_id, null);
    const parsed = await simpleParser(await rt.ctx.services.blobs.get(row.raw_blob_key!));
    const url = /https:\/\/help\.example\.com\/console\/#\/\w+\?token=[\w%-]+/.exec(parsed.text ?? "")![0];
    return { url, token: decodeURIComponent(new URL(url.replace("#/", "")).searchParams.get("token")!), subject: parsed.subject ?? "" };
  }

  before(async () => {
    rt = await openTestRuntime(dialect);
    app = await buildHttpApp(rt.ctx);
    mailboxA = (await rt.ctx.db.selectFrom("mailboxes").select("id").executeTakeFirstOrThrow()).id;
    mailboxB = newId();
    await rt.ctx.db.insertInto("mailboxes").values({ id: mailboxB, address: "vip@example.com", name: "VIP", created_at: nowIso(rt.ctx) }).execute();
    for (const [key, role] of [["admin", "admin"], ["supervisor", "supervisor"], ["agent", "agent"], ["auditor", "auditor"]] as const) {
      ids[key] = (await createAgent(rt.ctx, { email: `${key}@example.com`, name: key, role, password: PASSWORD, mailboxIds: role === "agent" || role === "auditor" ? [mailboxA] : [] })).id;
      auth[key] = await tokenFor(`${key}@example.com`);
    }
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("lists agents to any signed-in agent, without secrets", async () => {
    const res = await app.inject({ method: "GET", url: "/api/agents", headers: auth.agent });
    assert.equal(res.statusCode, 200);
    const agents = res.json().agents as Record<string, unknown>[];
    assert.equal(agents.length, 4);
    const agent = agents.find((a) => a.email === "agent@example.com")!;
    assert.deepEqual(agent.mailboxIds, [mailboxA]);
    assert.equal(agents.find((a) => a.email === "admin@example.com")!.mailboxIds, "all");
    assert.doesNotMatch(res.body, /argon2|password_hash|totp_secret/);
    assert.equal((await app.inject({ method: "GET", url: "/api/agents" })).statusCode, 401);
  });

  it("lets only admins change roles, and audits the refusal", async () => {
    for (const who of ["agent", "supervisor", "auditor"]) {
      const res = await app.inject({ method: "PATCH", url: `/api/agents/${ids[who]}`, headers: auth[who], payload: { role: "admin" } });
      assert.equal(res.statusCode, 403, who);
      assert.equal(res.json().error.code, "forbidden");
    }
    const denied = await rt.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "access.denied").execute();
    assert.equal(denied.length, 3);
    assert.ok(denied.some((d) => d.actor_id === ids.agent));
    const row = await rt.ctx.db.selectFrom("agents").select("role").where("id", "=", ids.agent!).executeTakeFirstOrThrow();
    assert.equal(row.role, "agent");
  });

  it("lets an admin change role and mailboxes, audited with before and after", async () => {
    const res = await app.inject({ method: "PATCH", url: `/api/agents/${ids.agent}`, headers: auth.admin, payload: { mailboxIds: [mailboxA, mailboxB] } });
    assert.equal(res.statusCode, 200);
    assert.deepEqual([...res.json().agent.mailboxIds].sort(), [mailboxA, mailboxB].sort());
    const promoted = await app.inject({ method: "PATCH", url: `/api/agents/${ids.supervisor}`, headers: auth.admin, payload: { role: "agent" } });
    assert.equal(promoted.json().agent.role, "agent");
    assert.deepEqual(promoted.json().agent.mailboxIds, []);
    const entries = await rt.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "agent.updated").execute();
    assert.ok(entries.some((e) => JSON.parse(e.data_json).role?.from === "supervisor" && JSON.parse(e.data_json).role?.to === "agent"));
    const unknown = await app.inject({ method: "PATCH", url: `/api/agents/${ids.agent}`, headers: auth.admin, payload: { mailboxIds: ["no-such-mailbox"] } });
    assert.equal(unknown.statusCode, 400);
    const self = await app.inject({ method: "PATCH", url: `/api/agents/${ids.admin}`, headers: auth.admin, payload: { role: "agent" } });
    assert.equal(self.statusCode, 409, "the last admin stays an admin");
  });

  it("ends a disabled agent's access at once", async () => {
    const victim = await createAgent(rt.ctx, { email: "leaver@example.com", name: "Leaver", role: "agent", password: PASSWORD });
    const token = await tokenFor("leaver@example.com");
    const browser = new TestBrowser(app);
    assert.equal((await browser.signIn("leaver@example.com", PASSWORD)).statusCode, 200);
    const res = await app.inject({ method: "PATCH", url: `/api/agents/${victim.id}`, headers: auth.admin, payload: { disabled: true } });
    assert.equal(res.json().agent.disabled, true);
    assert.equal((await app.inject({ method: "GET", url: "/api/agents", headers: token })).statusCode, 401);
    assert.equal((await browser.request("GET", "/api/session")).statusCode, 401);
    assert.equal((await new TestBrowser(app).signIn("leaver@example.com", PASSWORD)).statusCode, 401);
  });

  it("invites an agent by mail; the link signs them in once, with the mailboxes chosen", async () => {
    const forbidden = await app.inject({ method: "POST", url: "/api/invitations", headers: auth.agent, payload: { email: "new@example.com", name: "New", role: "agent", mailboxIds: [] } });
    assert.equal(forbidden.statusCode, 403);
    const res = await app.inject({ method: "POST", url: "/api/invitations", headers: auth.admin, payload: { email: "New@Example.com", name: "Xiao Ming", role: "agent", mailboxIds: [mailboxB] } });
    assert.equal(res.statusCode, 201, res.body);
    const mailed = await linkMailedTo("new@example.com");
    assert.equal(mailed.url, res.json().invitationUrl);
    assert.match(mailed.url, /\/console\/#\/invite\?token=/);
    assert.ok(Date.parse(res.json().expiresAt) - rt.clock.now().getTime() === 7 * 86_400_000);
    await rt.runner.drain();
    const delivered = await rt.ctx.db.selectFrom("outbound_mail").select("status").where("to_address", "=", "new@example.com").executeTakeFirstOrThrow();
    assert.equal(delivered.status, "outboxed", "the mail goes the usual way (no relay configured: the outbox)");

    const browser = new TestBrowser(app);
    await browser.request("GET", "/api/session");
    const weak = await browser.request("POST", "/api/invitations/accept", { token: mailed.token, password: "password1" });
    assert.equal(weak.statusCode, 400, "the password policy applies");
    const accepted = await browser.request("POST", "/api/invitations/accept", { token: mailed.token, password: "copper kite 19 meadow" });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().status, "signed_in");
    assert.equal(accepted.json().agent.email, "new@example.com");
    assert.deepEqual(accepted.json().agent.mailboxIds, [mailboxB]);
    const visible = await browser.request("GET", "/api/mailboxes");
    assert.deepEqual(visible.json().mailboxes.map((m: { address: string }) => m.address), ["vip@example.com"]);

    const again = new TestBrowser(app);
    await again.request("GET", "/api/session");
    assert.equal((await again.request("POST", "/api/invitations/accept", { token: mailed.token, password: "copper kite 19 meadow" })).statusCode, 400, "single use");
  });

  it("refuses an expired invitation, and an admin invitee must enrol TOTP", async () => {
    const late = await app.inject({ method: "POST", url: "/api/invitations", headers: auth.admin, payload: { email: "late@example.com", name: "Late", role: "agent", mailboxIds: [] } });
    const lateToken = (await linkMailedTo("late@example.com")).token;
    assert.equal(late.statusCode, 201);
    await app.inject({ method: "POST", url: "/api/invitations", headers: auth.admin, payload: { email: "boss@example.com", name: "Boss", role: "admin", mailboxIds: [] } });
    const bossToken = (await linkMailedTo("boss@example.com")).token;
    rt.clock.advance(6 * 86_400_000);
    const boss = new TestBrowser(app);
    await boss.request("GET", "/api/session");
    const bossRes = await boss.request("POST", "/api/invitations/accept", { token: bossToken, password: "copper kite 19 meadow" });
    assert.equal(bossRes.json().status, "totp_enrolment_required");
    rt.clock.advance(86_400_000 + 1000);
    const browser = new TestBrowser(app);
    await browser.request("GET", "/api/session");
    const res = await browser.request("POST", "/api/invitations/accept", { token: lateToken, password: "copper kite 19 meadow" });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().error.message, /expired/);
  });

  it("resets a password by mail with a single-use, 30-minute link", async () => {
    const unknown = await app.inject({ method: "POST", url: "/api/password/forgot", payload: { email: "nobody@example.com" } });
    assert.equal(unknown.statusCode, 202);
    assert.equal(await rt.ctx.db.selectFrom("outbound_mail").select("id").where("to_address", "=", "nobody@example.com").executeTakeFirst(), undefined);

    const res = await app.inject({ method: "POST", url: "/api/password/forgot", payload: { email: "Agent@example.com" } });
    assert.equal(res.statusCode, 202);
    const { token, url } = await linkMailedTo("agent@example.com");
    assert.match(url, /\/console\/#\/reset\?token=/);
    const stored = await rt.ctx.db.selectFrom("password_resets").select("token_hash").execute();
    assert.ok(stored.every((r) => r.token_hash !== token), "only a hash of the token is stored");

    const browser = new TestBrowser(app);
    await browser.signIn("agent@example.com", PASSWORD);
    const reset = await app.inject({ method: "POST", url: "/api/password/reset", payload: { token, password: "amber fjord 64 signal" } });
    assert.equal(reset.statusCode, 204, reset.body);
    assert.equal((await browser.request("GET", "/api/session")).statusCode, 401, "a reset ends existing sessions");
    assert.equal((await app.inject({ method: "GET", url: "/api/agents", headers: auth.agent })).statusCode, 401, "and tokens");
    const reuse = await app.inject({ method: "POST", url: "/api/password/reset", payload: { token, password: "another long phrase 5" } });
    assert.equal(reuse.statusCode, 400, "single use");
    assert.equal((await new TestBrowser(app).signIn("agent@example.com", "amber fjord 64 signal")).json().status, "signed_in");
    auth.agent = await tokenFor("agent@example.com", "amber fjord 64 signal");

    await app.inject({ method: "POST", url: "/api/password/forgot", payload: { email: "auditor@example.com" } });
    const expiring = await linkMailedTo("auditor@example.com");
    rt.clock.advance(31 * 60_000);
    const late = await app.inject({ method: "POST", url: "/api/password/reset", payload: { token: expiring.token, password: "amber fjord 64 signal" } });
    assert.equal(late.statusCode, 400);
    assert.equal((await new TestBrowser(app).signIn("auditor@example.com", PASSWORD)).json().status, "signed_in", "the old password still works");
  });

  it("shows the audit log to admins and auditors only, newest first, paged", async () => {
    // The clock moved days ahead above: earlier API tokens have expired.
    auth.admin = await tokenFor("admin@example.com");
    assert.equal((await app.inject({ method: "GET", url: "/api/audit", headers: auth.agent })).statusCode, 403);
    const auditorAuth = await tokenFor("auditor@example.com");
    assert.equal((await app.inject({ method: "GET", url: "/api/audit", headers: auditorAuth })).statusCode, 200);
    const seen = new Set<string>();
    let cursor: string | null = null;
    let previous = "9999";
    let pages = 0;
    do {
      const res: { json(): { entries: { id: string; createdAt: string; action: string }[]; nextCursor: string | null } } =
        await app.inject({ method: "GET", url: `/api/audit?limit=7${cursor ? `&cursor=${cursor}` : ""}`, headers: auth.admin });
      const body = res.json();
      for (const e of body.entries) {
        assert.ok(!seen.has(e.id));
        assert.ok(e.createdAt <= previous, "newest first");
        previous = e.createdAt;
        seen.add(e.id);
      }
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    const total = await rt.ctx.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    assert.equal(seen.size, Number(total.n));
    assert.ok(pages > 1);
  });

  it("lists the mailboxes an agent may see", async () => {
    const auditor = await app.inject({ method: "GET", url: "/api/mailboxes", headers: await tokenFor("auditor@example.com") });
    assert.deepEqual(auditor.json().mailboxes.map((m: { id: string }) => m.id), [mailboxA]);
    const admin = await app.inject({ method: "GET", url: "/api/mailboxes", headers: auth.admin });
    assert.equal(admin.json().mailboxes.length, 2);
  });
});
