// The official-channel registry's admin API per dialect: admins only, validation, and what the checker
// and the help centre make of each change.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { buildHttpApp } from "../app.ts";

type Auth = { authorization: string };

await forEachDialect("official-channel admin API", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let admin: Auth;
  let supervisor: Auth;

  before(async () => {
    rt = await openTestRuntime(dialect);
    app = await buildHttpApp(rt.ctx);
    await createAgent(rt.ctx, { email: "ada@example.com", name: "Ada", role: "admin", password: "correct horse battery" });
    await createAgent(rt.ctx, { email: "sue@example.com", name: "Sue", role: "supervisor", password: "correct horse battery" });
    admin = { authorization: `Bearer ${(await issueToken(rt.ctx, "ada@example.com", "correct horse battery")).token}` };
    supervisor = { authorization: `Bearer ${(await issueToken(rt.ctx, "sue@example.com", "correct horse battery")).token}` };
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("refuses everyone but admins, and records the refusal", async () => {
    assert.equal((await app.inject({ method: "GET", url: "/api/official-channels" })).statusCode, 401);
    assert.equal((await app.inject({ method: "GET", url: "/api/official-channels", headers: supervisor })).statusCode, 403);
    const denied = await rt.ctx.db.selectFrom("audit_log").select("action").where("action", "=", "access.denied").execute();
    assert.ok(denied.length >= 1);
  });

  it("lists the seeded registry and creates, edits and deletes channels", async () => {
    const list = await app.inject({ method: "GET", url: "/api/official-channels", headers: admin });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().channels.map((c: { value: string }) => c.value).sort(), ["help.example.com", "support@example.com"]);

    const bad = await app.inject({ method: "POST", url: "/api/official-channels", headers: admin, payload: { kind: "email", value: "nope", label: { en: "x", zh: "x" } } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, "invalid_input");
    const unknownField = await app.inject({ method: "POST", url: "/api/official-channels", headers: admin, payload: { kind: "email", value: "a@example.com", label: { en: "x", zh: "x" }, evil: 1 } });
    assert.equal(unknownField.statusCode, 400);

    const created = await app.inject({
      method: "POST", url: "/api/official-channels", headers: admin,
      payload: { kind: "email", purpose: "security", value: "security@example.com", label: { en: "Report fraud", zh: "举报诈骗" }, responseTime: { en: "Within 2 hours", zh: "2 小时内" } },
    });
    assert.equal(created.statusCode, 201, created.body);
    const channel = created.json().channel;
    assert.deepEqual(channel.hours, { en: "", zh: "" });
    assert.equal(channel.published, true);
    let home = await app.inject({ method: "GET", url: "/" });
    assert.match(home.body, /security@example\.com/);
    assert.match(home.body, /Within 2 hours/);

    const patched = await app.inject({ method: "PATCH", url: `/api/official-channels/${channel.id}`, headers: admin, payload: { published: false } });
    assert.equal(patched.statusCode, 200);
    home = await app.inject({ method: "GET", url: "/" });
    assert.ok(!home.body.includes("security@example.com"));

    assert.equal((await app.inject({ method: "DELETE", url: `/api/official-channels/${channel.id}`, headers: admin })).statusCode, 204);
    assert.equal((await app.inject({ method: "PATCH", url: `/api/official-channels/${channel.id}`, headers: admin, payload: { published: true } })).statusCode, 404);
  });

  it("makes a new web domain official for the checker, and its imitations lookalikes", async () => {
    const before = await app.inject({ method: "GET", url: `/check?q=${encodeURIComponent("https://okwallet.cn/login")}` });
    assert.match(before.body, /data-verdict="not_ours"/);
    await app.inject({ method: "POST", url: "/api/official-channels", headers: admin, payload: { kind: "web", value: "https://www.okwallet.cn", label: { en: "OK Wallet", zh: "OK 钱包官网" } } });
    const after = await app.inject({ method: "GET", url: `/check?q=${encodeURIComponent("https://okwallet.cn/login")}` });
    assert.match(after.body, /data-verdict="official"/);
    const fake = await app.inject({ method: "GET", url: `/check?q=${encodeURIComponent("https://okwa1let.cn/login")}` });
    assert.match(fake.body, /data-verdict="lookalike"/);
  });
});
