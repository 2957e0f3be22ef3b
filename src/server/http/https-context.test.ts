// Whether a request counts as HTTPS, which decides Secure cookies and HSTS: by the public URL, or by
// X-Forwarded-Proto from a configured proxy only; never by a header anyone can send.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { openTestRuntime, type TestRuntime } from "../test/harness.ts";
import { buildHttpApp } from "./app.ts";

const sessionCookieOf = async (app: FastifyInstance, headers: Record<string, string>, remoteAddress = "127.0.0.1") => {
  const res = await app.inject({ method: "GET", url: "/api/session", headers: { host: "desk.example.com", ...headers }, remoteAddress });
  const cookie = res.cookies[0] as { name: string; secure?: boolean };
  return { name: cookie.name, secure: cookie.secure === true, hsts: res.headers["strict-transport-security"] ?? null };
};

describe("HTTPS context", () => {
  let rt: TestRuntime;
  let plain: FastifyInstance;
  let proxied: FastifyInstance;
  let public_: FastifyInstance;
  before(async () => {
    rt = await openTestRuntime("sqlite", { publicUrl: "http://desk.example.com" });
    plain = await buildHttpApp(rt.ctx);
    proxied = await buildHttpApp({ ...rt.ctx, services: { ...rt.ctx.services, config: { ...rt.ctx.services.config, http: { ...rt.ctx.services.config.http, trustProxy: ["10.0.0.0/8"] } } } });
    // Written in capitals, as a URL may be.
    public_ = await buildHttpApp({ ...rt.ctx, services: { ...rt.ctx.services, config: { ...rt.ctx.services.config, publicUrl: "HTTPS://desk.example.com" } } });
  });
  after(async () => {
    for (const app of [plain, proxied, public_]) await app.close();
    await rt.close();
  });

  it("uses the plain cookie over plain HTTP to a real host, and ignores X-Forwarded-Proto from anyone", async () => {
    assert.deepEqual(await sessionCookieOf(plain, {}).then(({ name, secure, hsts }) => ({ name, secure, hsts })), { name: "paydesk_session", secure: false, hsts: null });
    const forged = await sessionCookieOf(plain, { "x-forwarded-proto": "https" }, "10.1.2.3");
    assert.equal(forged.name, "paydesk_session");
  });

  it("believes X-Forwarded-Proto and -For from a configured proxy only", async () => {
    const viaProxy = await sessionCookieOf(proxied, { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9" }, "10.1.2.3");
    assert.deepEqual({ name: viaProxy.name, secure: viaProxy.secure, hsts: viaProxy.hsts }, { name: "__Host-paydesk_session", secure: true, hsts: "max-age=31536000" });
    const notTheProxy = await sessionCookieOf(proxied, { "x-forwarded-proto": "https" }, "192.0.2.1");
    assert.equal(notTheProxy.name, "paydesk_session");
  });

  it("treats every request as HTTPS when the public URL is https", async () => {
    const res = await sessionCookieOf(public_, {}, "10.1.2.3");
    assert.deepEqual({ name: res.name, secure: res.secure, hsts: res.hsts }, { name: "__Host-paydesk_session", secure: true, hsts: "max-age=31536000" });
  });
});
