// FAQ per dialect: admins write articles through the API, the help centre shows sanitised HTML, search
// finds two-character Chinese queries, and "did this help?" counts once per visitor.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { buildHttpApp } from "../app.ts";
import { portalCsp } from "./portal-page.ts";
import { PortalVisitor } from "./portal-form.test-helper.ts";

type Auth = { authorization: string };

const withdrawal = {
  slug: "withdrawal-delay",
  category: "withdrawal",
  title: { en: "Why has my withdrawal not arrived?", zh: "为什么提现还没有到账？" },
  body: {
    en: "Withdrawals usually arrive within **2 business days**.\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n[Check status](javascript:alert(1)) or [track it](https://help.example.com/track).",
    zh: "提现通常在 **2 个工作日**内到账。如超过时间仍未到账，请联系我们。",
  },
  published: true,
};
const refund = {
  slug: "refund-time",
  category: "refund",
  title: { en: "How long does a refund take?", zh: "退款需要多长时间？" },
  body: { en: "Refunds take 3 to 5 business days.", zh: "退款一般需要 3 到 5 个工作日，原路退回。" },
  published: true,
};

await forEachDialect("FAQ", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let admin: Auth;
  let agent: Auth;
  let withdrawalId: string;

  before(async () => {
    rt = await openTestRuntime(dialect);
    app = await buildHttpApp(rt.ctx);
    for (const [email, role] of [["ada@example.com", "admin"], ["andy@example.com", "agent"]] as const) {
      await createAgent(rt.ctx, { email, name: email, role, password: "correct horse battery" });
    }
    admin = { authorization: `Bearer ${(await issueToken(rt.ctx, "ada@example.com", "correct horse battery")).token}` };
    agent = { authorization: `Bearer ${(await issueToken(rt.ctx, "andy@example.com", "correct horse battery")).token}` };
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("lets admins, and only admins, write articles", async () => {
    assert.equal((await app.inject({ method: "POST", url: "/api/faq", payload: withdrawal, headers: agent })).statusCode, 403);
    assert.equal((await app.inject({ method: "GET", url: "/api/faq", headers: agent })).statusCode, 403);
    assert.equal((await app.inject({ method: "GET", url: "/api/faq" })).statusCode, 401);
    const created = await app.inject({ method: "POST", url: "/api/faq", payload: withdrawal, headers: admin });
    assert.equal(created.statusCode, 201, created.body);
    withdrawalId = created.json().article.id;
    assert.equal(created.json().article.body.en, withdrawal.body.en, "the Markdown is kept as written");
    assert.equal((await app.inject({ method: "POST", url: "/api/faq", payload: refund, headers: admin })).statusCode, 201);
    assert.equal((await app.inject({ method: "POST", url: "/api/faq", payload: refund, headers: admin })).statusCode, 409, "slugs are unique");
    assert.equal((await app.inject({ method: "POST", url: "/api/faq", payload: { ...refund, slug: "Bad Slug!" }, headers: admin })).statusCode, 400);
    const list = await app.inject({ method: "GET", url: "/api/faq", headers: admin });
    assert.deepEqual(list.json().articles.map((a: { slug: string }) => a.slug).sort(), ["refund-time", "withdrawal-delay"]);
  });

  it("shows an article as sanitised HTML: no script, handler or javascript: link survives", async () => {
    const res = await app.inject({ method: "GET", url: "/faq/withdrawal-delay" });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["content-security-policy"], portalCsp);
    const body = /<div class="faq-body">([\s\S]*?)<\/div>/.exec(res.body)![1]!;
    assert.match(body, /<strong>2 business days<\/strong>/);
    assert.match(body, /<a href="https:\/\/help\.example\.com\/track" rel="nofollow noopener noreferrer">track it<\/a>/);
    assert.ok(!/<script|onerror|javascript:|<img/i.test(body), body);
    assert.ok(!res.body.includes("alert('x')"));
    const zh = await app.inject({ method: "GET", url: "/faq/withdrawal-delay", headers: { "accept-language": "zh-CN,zh;q=0.9" } });
    assert.match(zh.body, /<h1>为什么提现还没有到账？<\/h1>/);
    assert.match(zh.body, /这个回答对您有帮助吗？/);
  });

  it("finds articles by two-character Chinese queries and English words", async () => {
    const search = async (q: string, lang = "zh-CN") => {
      const res = await app.inject({ method: "GET", url: `/faq?q=${encodeURIComponent(q)}&lang=${lang}` });
      assert.equal(res.statusCode, 200);
      return [...res.body.matchAll(/<li><a href="\/faq\/([^"]+)">/g)].map((m) => m[1]);
    };
    assert.deepEqual(await search("提现"), ["withdrawal-delay"]);
    assert.deepEqual(await search("退款"), ["refund-time"]);
    assert.deepEqual((await search("工作日")).sort(), ["refund-time", "withdrawal-delay"]);
    assert.deepEqual(await search("refund", "en"), ["refund-time"]);
    assert.deepEqual(await search("withdraw", "en"), ["withdrawal-delay"], "the word being typed matches as a prefix");
    assert.deepEqual(await search("提现 退款"), [], "terms are ANDed");
    const hit = await app.inject({ method: "GET", url: `/faq?q=${encodeURIComponent("提现")}&lang=zh-CN` });
    assert.match(hit.body, /<mark>提现<\/mark>/);
    const hostile = await app.inject({ method: "GET", url: `/faq?q=${encodeURIComponent("<script>alert(1)</script>")}` });
    assert.ok(!hostile.body.includes("<script>alert(1)"));
  });

  it("hides unpublished and deleted articles", async () => {
    const patched = await app.inject({ method: "PATCH", url: `/api/faq/${withdrawalId}`, payload: { published: false }, headers: admin });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal((await app.inject({ method: "GET", url: "/faq/withdrawal-delay" })).statusCode, 404);
    assert.ok(!(await app.inject({ method: "GET", url: `/faq?q=${encodeURIComponent("提现")}` })).body.includes("withdrawal-delay"));
    await app.inject({ method: "PATCH", url: `/api/faq/${withdrawalId}`, payload: { published: true }, headers: admin });
    assert.equal((await app.inject({ method: "GET", url: "/faq/withdrawal-delay" })).statusCode, 200);
  });

  it("counts a helpful vote once per visitor and article, and only with the form token", async () => {
    const visitor = new PortalVisitor(app);
    const page = await visitor.get("/faq/refund-time");
    const first = await visitor.post("/faq/refund-time/helpful", { vote: "yes" }, page);
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, "/faq/refund-time?voted=1");
    await visitor.post("/faq/refund-time/helpful", { vote: "yes" }, page);
    await new PortalVisitor(app, "198.51.100.5").post("/faq/refund-time/helpful", { vote: "no" }, page).then((r) => assert.equal(r.statusCode, 403, "another browser's token does not fit"));
    const other = new PortalVisitor(app, "198.51.100.5");
    await other.post("/faq/refund-time/helpful", { vote: "no" }, await other.get("/faq/refund-time"));
    const article = (await app.inject({ method: "GET", url: "/api/faq", headers: admin })).json().articles.find((a: { slug: string }) => a.slug === "refund-time");
    assert.deepEqual(article.helpful, { yes: 1, no: 1 });
    const thanks = await visitor.get("/faq/refund-time?voted=1");
    assert.match(thanks.body, /Thank you for your feedback/);
  });

  it("deletes articles with their search terms", async () => {
    assert.equal((await app.inject({ method: "DELETE", url: `/api/faq/${withdrawalId}`, headers: admin })).statusCode, 204);
    assert.equal((await app.inject({ method: "DELETE", url: `/api/faq/${withdrawalId}`, headers: admin })).statusCode, 404);
    const terms = await rt.ctx.db.selectFrom("faq_terms").select("token").where("article_id", "=", withdrawalId).execute();
    assert.equal(terms.length, 0);
  });
});
