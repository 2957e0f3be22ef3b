// "Is this really us?" in process, per dialect: official channels, lookalikes with their reasons in both
// languages, pasted headers, hostile input shown as text, CSRF and the rate limit.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { createChannel } from "../../modules/help-centre/official-channel.commands.ts";
import { buildHttpApp } from "../app.ts";
import { portalCsp } from "./portal-page.ts";
import { PortalVisitor } from "./portal-form.test-helper.ts";

const check = (q: string, extra = "") => `/check?q=${encodeURIComponent(q)}${extra}`;
const verdictOf = (html: string) => /class="verdict [^"]*" data-verdict="([^"]+)"/.exec(html)?.[1];
const reasonsOf = (html: string) => [...html.matchAll(/data-reason="([^"]+)"/g)].map((m) => m[1]);

await forEachDialect("channel checker page", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;

  before(async () => {
    rt = await openTestRuntime(dialect, {
      companyName: "OKPay",
      publicUrl: "https://help.okpay.com",
      mailboxes: [{ address: "support@okpay.com", name: "OKPay Support" }],
    });
    app = await buildHttpApp(rt.ctx);
    await createChannel(rt.ctx, { kind: "email", purpose: "complaints", value: "complaints@okpay.com", label: { en: "Complaints desk", zh: "投诉受理" } });
    await createChannel(rt.ctx, { kind: "social", value: "https://weibo.com/okpay", label: { en: "OKPay on Weibo", zh: "OKPay 官方微博" } });
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("shows the empty form with the strict CSP", async () => {
    const res = await app.inject({ method: "GET", url: "/check" });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["content-security-policy"], portalCsp);
    assert.match(res.body, /<form[^>]+method="get" action="\/check"/);
    assert.equal(verdictOf(res.body), undefined);
  });

  it("names the official channel an address belongs to", async () => {
    const res = await app.inject({ method: "GET", url: check("Complaints@OKPay.com") });
    assert.equal(verdictOf(res.body), "official");
    assert.match(res.body, /one of our official channels: Complaints desk \(complaints@okpay\.com\)/);
    const site = await app.inject({ method: "GET", url: check("https://help.okpay.com/faq") });
    assert.equal(verdictOf(site.body), "official");
    const weibo = await app.inject({ method: "GET", url: check("weibo.com/okpay/") });
    assert.equal(verdictOf(weibo.body), "official", "a listed social account is ours although weibo.com is not");
    assert.match(weibo.body, /OKPay on Weibo/);
  });

  it("calls a Cyrillic о lookalike phishing, with the decoded form and reasons in plain words", async () => {
    const res = await app.inject({ method: "GET", url: check("support@оkpay.com") });
    assert.equal(verdictOf(res.body), "lookalike");
    assert.match(res.body, /Looks like ours — probably phishing/);
    assert.ok(res.body.includes("support@xn--kpay-45d.com"), "the encoded form is shown");
    assert.ok(res.body.includes("support@оkpay.com"), "and the decoded one");
    assert.ok(reasonsOf(res.body).includes("confusable"));
    assert.ok(reasonsOf(res.body).includes("punycode"));
    assert.match(res.body, /look the same as the letters of okpay\.com/);

    const zh = await app.inject({ method: "GET", url: check("support@оkpay.com", "&lang=zh-CN") });
    assert.match(zh.body, /仿冒我们——很可能是钓鱼/);
    assert.match(zh.body, /外形相同的字符/);
  });

  it("calls a domain with our name embedded phishing", async () => {
    const res = await app.inject({ method: "GET", url: check("okpay-support-help.com") });
    assert.equal(verdictOf(res.body), "lookalike");
    assert.deepEqual(reasonsOf(res.body), ["brand_embedded"]);
    assert.match(res.body, /contains our name, but the domain it really belongs to is someone else/);
    const other = await app.inject({ method: "GET", url: check("example.org") });
    assert.equal(verdictOf(other.body), "not_ours");
  });

  it("renders hostile input as text, in the field and in the answer", async () => {
    const hostile = `"><script>alert(1)</script><img src=x onerror=alert(2)>@evil.io`;
    const res = await app.inject({ method: "GET", url: check(hostile) });
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes("<script>alert(1)"));
    assert.ok(!res.body.includes("<img src=x"));
    assert.ok(res.body.includes("&#60;script&#62;alert(1)&#60;/script&#62;"));
  });

  it("checks pasted headers posted with the form token, and refuses a post without one", async () => {
    const visitor = new PortalVisitor(app);
    const page = await visitor.get("/check");
    const headers = [
      "From: OKPay Support <support@okpay.com>",
      "Reply-To: okpay.refunds@gmail.com",
      "Return-Path: <bounce@okpay-support-help.com>",
      "Subject: Your refund",
      "",
      "Click https://okpay.com.evil.io/refund to claim it.",
    ].join("\r\n");
    const res = await visitor.post("/check", { headers }, page);
    assert.equal(res.statusCode, 200);
    assert.equal(verdictOf(res.body), "lookalike");
    assert.match(res.body, /At least one part of this e-mail imitates us/);
    const rows = [...res.body.matchAll(/<tr data-verdict="([^"]+)">\s*<td>([^<]+)<\/td>/g)].map((m) => `${m[2]}=${m[1]}`);
    assert.deepEqual(rows, ["From=official", "Reply-To=lookalike", "Return-Path=lookalike", "Link=lookalike"]);

    const forged = await new PortalVisitor(app).post("/check", { headers, _csrf: "forged" });
    assert.equal(forged.statusCode, 403);
    assert.match(forged.body, /This form has expired/);
    assert.equal(forged.headers["content-security-policy"], portalCsp);
  });

  it("limits checks per visitor", async () => {
    const url = check("okpay.net");
    const from = { remoteAddress: "198.51.100.99" };
    let limited = 0;
    for (let i = 0; i < 32; i++) {
      const res = await app.inject({ method: "GET", url, ...from });
      if (res.statusCode === 429) limited += 1;
    }
    assert.equal(limited, 2, "30 checks per window, then 429");
    // Someone else is not affected, and the window moves on.
    assert.equal((await app.inject({ method: "GET", url, remoteAddress: "198.51.100.100" })).statusCode, 200);
    rt.clock.advance(5 * 60_000);
    assert.equal((await app.inject({ method: "GET", url, ...from })).statusCode, 200);
  });
});
