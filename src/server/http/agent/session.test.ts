// Browser sign-in end to end over app.inject, on both dialects: pre-session, password, two-factor,
// enrolment, rotation, expiry, sign-out, CSRF and rate limits.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { createAgent } from "../../modules/agents/agent.commands.ts";
import { generateTotpCode } from "../../modules/agents/totp.ts";
import { buildHttpApp } from "../app.ts";
import { SESSION_COOKIE, TestBrowser } from "./session.test-helper.ts";

const ADMIN = { email: "admin@example.com", password: "granite owl 77 lantern" };
const AGENT = { email: "mei@example.com", password: "violet tram 42 harbour" };

await forEachDialect("console sessions", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let adminSecret: string;
  let recoveryCodes: string[];

  const now = () => rt.clock.now().getTime();
  const auditActions = async (action: string) =>
    rt.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("created_at").orderBy("id").execute();

  before(async () => {
    rt = await openTestRuntime(dialect);
    app = await buildHttpApp(rt.ctx);
    await createAgent(rt.ctx, { email: ADMIN.email, name: "Admin", role: "admin", password: ADMIN.password });
    await createAgent(rt.ctx, { email: AGENT.email, name: "Mei", role: "agent", password: AGENT.password });
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("answers 401 with a pre-session CSRF token in a __Host- cookie (HttpOnly, Secure, Lax)", async () => {
    const browser = new TestBrowser(app);
    const res = await browser.request("GET", "/api/session");
    assert.equal(res.statusCode, 401);
    assert.equal(typeof res.json().csrfToken, "string");
    const [cookie] = browser.lastSetCookie;
    assert.equal(cookie?.name, SESSION_COOKIE);
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.secure, true);
    assert.equal(cookie?.sameSite, "Lax");
    assert.equal(cookie?.path, "/");
    // The same pre-session keeps its token (several tabs agree).
    const again = await browser.request("GET", "/api/session");
    assert.equal(again.json().csrfToken, res.json().csrfToken);
    // The public URL is https (a proxy in front ends TLS): a real host name gets the Secure cookie too
    // (the plain-HTTP fallback is in https-context.test.ts).
    const proxied = await app.inject({ method: "GET", url: "/api/session", headers: { host: "desk.example.com" } });
    const proxiedCookie = proxied.cookies[0] as { name: string; secure?: boolean };
    assert.equal(proxiedCookie.name, SESSION_COOKIE);
    assert.equal(proxiedCookie.secure, true);
  });

  it("refuses sign-in without the pre-session token (403 csrf_failed)", async () => {
    const noCookie = await app.inject({ method: "POST", url: "/api/session", payload: AGENT });
    assert.equal(noCookie.statusCode, 403);
    assert.equal(noCookie.json().error.code, "csrf_failed");
    const browser = new TestBrowser(app);
    await browser.request("GET", "/api/session");
    const wrong = await browser.request("POST", "/api/session", AGENT, { csrf: "aaaaaaaaaaaaaaaa" });
    assert.equal(wrong.statusCode, 403);
    assert.equal(wrong.json().error.code, "csrf_failed");
    const missing = await browser.request("POST", "/api/session", AGENT, { csrf: null });
    assert.equal(missing.json().error.code, "csrf_failed");
  });

  it("signs an agent in with a new session id and a new CSRF token", async () => {
    const browser = new TestBrowser(app);
    await browser.request("GET", "/api/session");
    const preId = browser.sessionId;
    const preToken = browser.csrfToken;
    const res = await browser.request("POST", "/api/session", AGENT);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, "signed_in");
    assert.equal(res.json().agent.email, AGENT.email);
    assert.equal(res.json().agent.mustChangePassword, false);
    assert.ok(browser.sessionId && preId && browser.sessionId !== preId, "the session id is rotated at sign-in");
    assert.notEqual(browser.csrfToken, preToken);
    const me = await browser.request("GET", "/api/session");
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().agent.role, "agent");
    assert.equal(me.json().csrfToken, browser.csrfToken);
    // Only a hash of the id is stored.
    const rows = await rt.ctx.db.selectFrom("agent_sessions").select("id_hash").execute();
    assert.ok(rows.every((r) => r.id_hash !== browser.sessionId));
    assert.ok((await auditActions("session.signed_in")).some((e) => JSON.parse(e.data_json).method === "password"));
  });

  it("refuses wrong passwords and unknown accounts alike, and audits both", async () => {
    const browser = new TestBrowser(app);
    const wrong = await browser.signIn(AGENT.email, "not the password");
    assert.equal(wrong.statusCode, 401);
    const unknown = await browser.signIn("nobody@example.com", "not the password");
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.json().error.message, wrong.json().error.message);
    const failures = (await auditActions("session.sign_in_failed")).map((e) => ({ kind: e.actor_kind, ...JSON.parse(e.data_json) }));
    assert.ok(failures.some((f) => f.email === AGENT.email && f.reason === "wrong_password" && f.kind === "agent"));
    assert.ok(failures.some((f) => f.email === "nobody@example.com" && f.reason === "unknown_account" && f.kind === "anonymous"));
  });

  it("forces an admin without TOTP to enrol before anything else", async () => {
    const browser = new TestBrowser(app);
    const res = await browser.signIn(ADMIN.email, ADMIN.password);
    assert.equal(res.json().status, "totp_enrolment_required");
    const pendingId = browser.sessionId;
    // A session that has passed only the password reaches nothing but the two-factor endpoints.
    assert.equal((await browser.request("GET", "/api/tickets")).statusCode, 401);
    assert.equal((await browser.request("GET", "/api/agents")).statusCode, 401);
    assert.equal((await browser.request("GET", "/api/session")).json().status, "totp_enrolment_required");
    const enrol = await browser.request("POST", "/api/session/totp/enrol");
    assert.equal(enrol.statusCode, 200);
    adminSecret = enrol.json().secret;
    assert.match(enrol.json().otpauthUrl, /^otpauth:\/\/totp\//);
    const bad = await browser.request("POST", "/api/session/totp/confirm", { code: "000000" });
    assert.equal(bad.statusCode, 400);
    const ok = await browser.request("POST", "/api/session/totp/confirm", { code: generateTotpCode(adminSecret, now()) });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().status, "signed_in");
    assert.equal(ok.json().agent.totpEnabled, true);
    recoveryCodes = ok.json().recoveryCodes;
    assert.equal(recoveryCodes.length, 10);
    assert.notEqual(browser.sessionId, pendingId, "rotated again once signed in");
    assert.equal((await browser.request("GET", "/api/agents")).statusCode, 200);
    assert.equal((await auditActions("totp.enabled")).length, 1);
  });

  it("asks an enrolled admin for the code, refuses a reused or wrong one, then signs in", async () => {
    const browser = new TestBrowser(app);
    const first = await browser.signIn(ADMIN.email, ADMIN.password);
    assert.equal(first.json().status, "totp_required");
    assert.equal(first.json().agent, undefined, "nothing about the account before the second factor");
    // The enrolment code's step was spent: the same code is refused.
    const reused = await browser.request("POST", "/api/session/totp", { code: generateTotpCode(adminSecret, now()) });
    assert.equal(reused.statusCode, 401);
    const wrong = await browser.request("POST", "/api/session/totp", { code: "123456" });
    assert.equal(wrong.statusCode, 401);
    rt.clock.advance(30_000);
    const pendingId = browser.sessionId;
    const ok = await browser.request("POST", "/api/session/totp", { code: generateTotpCode(adminSecret, now()) });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().status, "signed_in");
    assert.equal(ok.json().agent.role, "admin");
    assert.notEqual(browser.sessionId, pendingId);
    assert.ok((await auditActions("session.totp_failed")).length >= 2);
  });

  it("accepts a recovery code once", async () => {
    rt.clock.advance(30_000);
    const one = new TestBrowser(app);
    await one.signIn(ADMIN.email, ADMIN.password);
    const ok = await one.request("POST", "/api/session/totp", { recoveryCode: recoveryCodes[0] });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().status, "signed_in");
    const two = new TestBrowser(app);
    await two.signIn(ADMIN.email, ADMIN.password);
    const again = await two.request("POST", "/api/session/totp", { recoveryCode: recoveryCodes[0] });
    assert.equal(again.statusCode, 401);
  });

  it("gives no API token to an admin who has not enrolled two-factor", async () => {
    await createAgent(rt.ctx, { email: "fresh-admin@example.com", name: "Fresh", role: "admin", password: "fresh-admin-passphrase" });
    const res = await app.inject({ method: "POST", url: "/api/auth/token", payload: { email: "fresh-admin@example.com", password: "fresh-admin-passphrase" } });
    assert.equal(res.statusCode, 403);
  });

  it("requires the code for API tokens once TOTP is enabled", async () => {
    rt.clock.advance(30_000);
    const without = await app.inject({ method: "POST", url: "/api/auth/token", payload: { ...ADMIN } });
    assert.equal(without.statusCode, 401);
    const withCode = await app.inject({ method: "POST", url: "/api/auth/token", payload: { ...ADMIN, totp: generateTotpCode(adminSecret, now()) } });
    assert.equal(withCode.statusCode, 200);
    // The same code again: spent, and the answer says so.
    const reused = await app.inject({ method: "POST", url: "/api/auth/token", payload: { ...ADMIN, totp: generateTotpCode(adminSecret, now()) } });
    assert.equal(reused.statusCode, 401);
    assert.match(reused.json().error.message ?? reused.body, /already used/);
  });

  it("ends a session after 30 idle minutes", async () => {
    const browser = new TestBrowser(app);
    await browser.signIn(AGENT.email, AGENT.password);
    rt.clock.advance(29 * 60_000);
    assert.equal((await browser.request("GET", "/api/session")).statusCode, 200, "activity within the idle limit");
    rt.clock.advance(29 * 60_000);
    assert.equal((await browser.request("GET", "/api/session")).statusCode, 200, "the last request restarted the idle limit");
    rt.clock.advance(31 * 60_000);
    const res = await browser.request("GET", "/api/tickets");
    assert.equal(res.statusCode, 401);
    assert.match(res.json().error.message, /ended/);
  });

  it("ends a busy session 12 hours after sign-in", async () => {
    const browser = new TestBrowser(app);
    await browser.signIn(AGENT.email, AGENT.password);
    const cookie = browser.lastSetCookie.find((c) => c.name === SESSION_COOKIE);
    assert.equal(cookie?.maxAge, 12 * 3600);
    for (let elapsed = 0; elapsed < 11 * 60 + 40; elapsed += 20) {
      rt.clock.advance(20 * 60_000);
      assert.equal((await browser.request("GET", "/api/session")).statusCode, 200, `at ${elapsed + 20} minutes`);
    }
    rt.clock.advance(25 * 60_000);
    assert.equal((await browser.request("GET", "/api/session")).statusCode, 401);
  });

  it("rejects state-changing requests without the right X-CSRF-Token", async () => {
    const browser = new TestBrowser(app);
    await browser.signIn(AGENT.email, AGENT.password);
    for (const csrf of [null, "aaaaaaaaaaaaaaaa"]) {
      const patch = await browser.request("PATCH", "/api/me", { language: "zh-CN" }, { csrf });
      assert.equal(patch.statusCode, 403);
      assert.equal(patch.json().error.code, "csrf_failed");
      const del = await browser.request("DELETE", "/api/session", undefined, { csrf });
      assert.equal(del.json().error.code, "csrf_failed");
    }
    // Another session's token does not fit this session.
    const other = new TestBrowser(app);
    await other.signIn(AGENT.email, AGENT.password);
    assert.equal((await browser.request("PATCH", "/api/me", { language: "zh-CN" }, { csrf: other.csrfToken })).statusCode, 403);
    const ok = await browser.request("PATCH", "/api/me", { language: "zh-CN" });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().agent.language, "zh-CN");
  });

  it("signs out this browser only, or everywhere (sessions and tokens)", async () => {
    const a = new TestBrowser(app);
    const b = new TestBrowser(app);
    const c = new TestBrowser(app);
    for (const x of [a, b, c]) assert.equal((await x.signIn(AGENT.email, AGENT.password)).json().status, "signed_in");
    const token = (await app.inject({ method: "POST", url: "/api/auth/token", payload: AGENT })).json().token;
    assert.equal((await c.request("DELETE", "/api/session")).statusCode, 204);
    assert.equal((await c.request("GET", "/api/session")).statusCode, 401);
    assert.equal((await b.request("GET", "/api/session")).statusCode, 200, "signing out one browser leaves the others");
    assert.equal((await a.request("POST", "/api/session/revoke-all")).statusCode, 204);
    assert.equal((await b.request("GET", "/api/session")).statusCode, 401);
    assert.equal((await a.request("GET", "/api/session")).statusCode, 401);
    assert.equal((await app.inject({ method: "GET", url: "/api/agents", headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
    assert.equal((await auditActions("session.revoked_all")).length, 1);
  });

  it("flags a one-time password until it is changed", async () => {
    const created = await createAgent(rt.ctx, { email: "first@example.com", name: "First", role: "agent" });
    const browser = new TestBrowser(app);
    const res = await browser.signIn(created.email, created.password!);
    assert.equal(res.json().status, "signed_in");
    assert.equal(res.json().agent.mustChangePassword, true);
    const other = new TestBrowser(app);
    await other.signIn(created.email, created.password!);
    const weak = await browser.request("POST", "/api/me/password", { currentPassword: created.password, newPassword: "password1" });
    assert.equal(weak.statusCode, 400);
    const wrong = await browser.request("POST", "/api/me/password", { currentPassword: "not it at all", newPassword: "copper kite 19 meadow" });
    assert.equal(wrong.statusCode, 400);
    const ok = await browser.request("POST", "/api/me/password", { currentPassword: created.password, newPassword: "copper kite 19 meadow" });
    assert.equal(ok.statusCode, 204);
    assert.equal((await browser.request("GET", "/api/session")).json().agent.mustChangePassword, false);
    assert.equal((await other.request("GET", "/api/session")).statusCode, 401, "other sessions end with a password change");
    assert.equal((await new TestBrowser(app).signIn(created.email, "copper kite 19 meadow")).json().status, "signed_in");
  });

  describe("sign-in rate limits", () => {
    let limited: FastifyInstance;
    before(async () => {
      limited = await buildHttpApp(rt.ctx);
    });
    after(async () => limited.close());

    it("limits attempts per e-mail address, from whatever IP", async () => {
      for (let i = 0; i < 10; i++) {
        const res = await new TestBrowser(limited, `10.0.0.${i + 1}`).signIn(AGENT.email, `wrong guess ${i}`);
        assert.equal(res.statusCode, 401);
      }
      const blocked = await new TestBrowser(limited, "10.0.1.1").signIn(AGENT.email, AGENT.password);
      assert.equal(blocked.statusCode, 429);
      assert.equal(blocked.json().error.code, "rate_limited");
      const elsewhere = await new TestBrowser(limited, "10.0.1.1").signIn(ADMIN.email, ADMIN.password);
      assert.equal(elsewhere.statusCode, 200, "other accounts are not affected");
      assert.ok((await auditActions("session.rate_limited")).some((e) => JSON.parse(e.data_json).by === "email"));
    });

    it("limits attempts per IP address, whatever the e-mail", async () => {
      const browser = new TestBrowser(limited, "192.0.2.7");
      for (let i = 0; i < 30; i++) assert.equal((await browser.signIn(`user${i}@example.com`, "some password")).statusCode, 401);
      assert.equal((await browser.signIn(AGENT.email.replace("mei", "wang"), "some password")).statusCode, 429);
      assert.equal((await new TestBrowser(limited, "192.0.2.8").signIn(`user99@example.com`, "some password")).statusCode, 401);
      rt.clock.advance(11 * 60_000);
      assert.equal((await browser.signIn("user0@example.com", "some password")).statusCode, 401, "the window passes");
    });

    it("counts a blocked client's attempts against no account, and an IPv6 /64 as one client", async () => {
      rt.clock.advance(16 * 60_000);
      for (let i = 0; i < 30; i++) {
        const res = await new TestBrowser(limited, `2001:db8:7:7::${(i + 1).toString(16)}`).signIn(`probe${i}@example.com`, "some password");
        assert.equal(res.statusCode, 401);
      }
      // The /64 is spent: stepping to yet another address in it gains nothing, and its guesses at Mei's
      // account do not use up her budget.
      for (let i = 0; i < 12; i++) {
        assert.equal((await new TestBrowser(limited, `2001:db8:7:7::ff${i}`).signIn(AGENT.email, `guess ${i}`)).statusCode, 429);
      }
      assert.equal((await new TestBrowser(limited, "203.0.113.50").signIn(AGENT.email, AGENT.password)).statusCode, 200);
    });

    it("locks code entry after 5 wrong codes, even for the right one", async () => {
      const browser = new TestBrowser(limited, "198.51.100.4");
      assert.equal((await browser.signIn(ADMIN.email, ADMIN.password)).json().status, "totp_required");
      for (let i = 0; i < 5; i++) assert.equal((await browser.request("POST", "/api/session/totp", { code: String(100000 + i) })).statusCode, 401);
      rt.clock.advance(30_000);
      const locked = await browser.request("POST", "/api/session/totp", { code: generateTotpCode(adminSecret, now()) });
      assert.equal(locked.statusCode, 429);
      rt.clock.advance(15 * 60_000);
      const fresh = new TestBrowser(limited, "198.51.100.4");
      assert.equal((await fresh.signInWithTotp(ADMIN.email, ADMIN.password, adminSecret, now())).json().status, "signed_in");
    });
  });
});
