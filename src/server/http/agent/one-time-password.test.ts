// One-time passwords over the real HTTP app, on both dialects: until replaced they open nothing but the
// way to a password of one's own (cookie and token alike), they expire unused, and an operator can issue
// a new one that ends every session of the account.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { createAgent, resetToOneTimePassword } from "../../modules/agents/agent.commands.ts";
import { ONE_TIME_PASSWORD_HOURS } from "../../modules/agents/one-time-password.ts";
import { generateTotpCode } from "../../modules/agents/totp.ts";
import { confirmTotpEnrolment, startTotpEnrolment } from "../../modules/agents/two-factor.commands.ts";
import { buildHttpApp } from "../app.ts";
import { TestBrowser } from "./session.test-helper.ts";

const OWN_PASSWORD = "copper kite 19 meadow";

await forEachDialect("one-time passwords", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;

  before(async () => {
    rt = await openTestRuntime(dialect);
    app = await buildHttpApp(rt.ctx);
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  const tokenFor = (email: string, password: string) => app.inject({ method: "POST", url: "/api/auth/token", payload: { email, password } });

  it("opens nothing but the way to a password of one's own", async () => {
    const created = await createAgent(rt.ctx, { email: "first@example.com", name: "First", role: "agent" });
    const browser = new TestBrowser(app);
    assert.equal((await browser.signIn(created.email, created.password!)).json().agent.mustChangePassword, true);

    for (const [method, url, body] of [["GET", "/api/tickets"], ["GET", "/api/agents"], ["PATCH", "/api/me", { name: "Someone" }]] as const) {
      const res = await browser.request(method, url, body);
      assert.equal(res.statusCode, 403, `${method} ${url}`);
      assert.equal(res.json().error.code, "password_change_required");
    }
    const refused = await tokenFor(created.email, created.password!);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, "password_change_required");
    assert.equal((await rt.ctx.db.selectFrom("agent_tokens").selectAll().execute()).length, 0, "no token was issued");

    assert.equal((await browser.request("GET", "/api/session")).json().agent.mustChangePassword, true, "who am I still answers");
    assert.equal((await browser.request("POST", "/api/me/password", { currentPassword: created.password, newPassword: OWN_PASSWORD })).statusCode, 204);
    assert.equal((await browser.request("GET", "/api/tickets")).statusCode, 200);
    const told = await rt.ctx.db.selectFrom("outbound_mail").select("subject").where("to_address", "=", created.email).where("kind", "=", "notification").execute();
    assert.deepEqual(told.map((m) => m.subject), ["OKPay support desk: a security change on your account"], "the owner is told of the change");
    const token = await tokenFor(created.email, OWN_PASSWORD);
    assert.equal(token.statusCode, 200);
    const listed = await app.inject({ method: "GET", url: "/api/tickets", headers: { authorization: `Bearer ${token.json().token}` } });
    assert.equal(listed.statusCode, 200);
  });

  it(`expires unused after ${ONE_TIME_PASSWORD_HOURS} hours; a new one replaces it and ends the account's sessions`, async () => {
    const created = await createAgent(rt.ctx, { email: "late@example.com", name: "Late", role: "agent" });
    const early = new TestBrowser(app);
    assert.equal((await early.signIn(created.email, created.password!)).statusCode, 200, "in time, it works");

    rt.clock.advance(ONE_TIME_PASSWORD_HOURS * 3600_000 + 1000);
    const late = await new TestBrowser(app).signIn(created.email, created.password!);
    assert.equal(late.statusCode, 401);
    assert.match(late.json().error.message, /one-time password has expired/);
    assert.equal((await tokenFor(created.email, created.password!)).statusCode, 401);
    const failures = await rt.ctx.db.selectFrom("audit_log").select("data_json").where("action", "=", "session.sign_in_failed").execute();
    assert.equal(failures.filter((f) => JSON.parse(f.data_json).reason === "one_time_password_expired").length, 2);

    const fresh = await resetToOneTimePassword(rt.ctx, " LATE@example.com ");
    assert.notEqual(fresh.password, created.password);
    assert.equal(Date.parse(fresh.expiresAt), rt.clock.now().getTime() + ONE_TIME_PASSWORD_HOURS * 3600_000);
    assert.equal((await early.request("GET", "/api/session")).statusCode, 401, "the session opened before the reset has ended");
    assert.equal((await new TestBrowser(app).signIn(created.email, created.password!)).statusCode, 401, "the old one-time password is gone");
    const browser = new TestBrowser(app);
    assert.equal((await browser.signIn(created.email, fresh.password)).json().agent.mustChangePassword, true);
    assert.equal((await browser.request("POST", "/api/me/password", { currentPassword: fresh.password, newPassword: OWN_PASSWORD })).statusCode, 204);

    rt.clock.advance(365 * 24 * 3600_000);
    assert.equal((await new TestBrowser(app).signIn(created.email, OWN_PASSWORD)).json().status, "signed_in", "a chosen password does not expire");
    const audit = await rt.ctx.db.selectFrom("audit_log").select("data_json").where("action", "=", "password.one_time_issued").execute();
    assert.equal(audit.length, 1);
  });

  it("lets an account with two-factor on through its code to the password change after a reset", async () => {
    const created = await createAgent(rt.ctx, { email: "ops@example.com", name: "Ops", role: "admin", password: OWN_PASSWORD });
    const { secret } = await startTotpEnrolment(rt.ctx, created.id);
    await confirmTotpEnrolment(rt.ctx, created.id, generateTotpCode(secret, rt.clock.now().getTime()));
    const fresh = await resetToOneTimePassword(rt.ctx, created.email);
    rt.clock.advance(30_000);
    const code = generateTotpCode(secret, rt.clock.now().getTime());
    const refused = await app.inject({ method: "POST", url: "/api/auth/token", payload: { email: created.email, password: fresh.password, totp: code } });
    assert.equal(refused.json().error.code, "password_change_required");
    const browser = new TestBrowser(app);
    assert.equal((await browser.signIn(created.email, fresh.password)).json().status, "totp_required");
    const signedIn = await browser.request("POST", "/api/session/totp", { code });
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.equal(signedIn.json().agent.mustChangePassword, true);
    assert.equal((await browser.request("POST", "/api/me/password", { currentPassword: fresh.password, newPassword: "amber falcon 63 quarry" })).statusCode, 204);
    assert.equal((await browser.request("GET", "/api/tickets")).statusCode, 200);
  });

  it("an unknown account gets a clear error, not a new password", async () => {
    await assert.rejects(resetToOneTimePassword(rt.ctx, "nobody@example.com"), /no account with the e-mail nobody@example.com/);
  });
});
