// Every help-centre page in both languages (Accept-Language, ?lang= and its cookie), with the strict CSP,
// and the official channels on the home page.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { createChannel } from "../../modules/help-centre/official-channel.commands.ts";
import { buildHttpApp } from "../app.ts";
import { portalCsp } from "./portal-page.ts";
import { renderOfficialChannels } from "./help-centre.routes.ts";

const pages: [string, RegExp, RegExp][] = [
  ["/", /How can we help\?/, /有什么可以帮您？/],
  ["/check", /Is this really us\?/, /核实官方渠道/],
  ["/verify", /Verify a message/, /验证邮件/],
  ["/faq", /Frequently asked questions/, /常见问题/],
  ["/guides/no-reply", /Check your spam or junk folder/, /检查垃圾邮件文件夹/],
  ["/guides/complaints", /within 15 business days/, /15 个工作日内/],
  ["/guides/what-to-include", /transaction ID/, /交易号/],
  ["/guides/privacy", /How to ask for your data or its deletion/, /如何申请获取或删除您的数据/],
];

await forEachDialect("help centre pages", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;

  before(async () => {
    rt = await openTestRuntime(dialect);
    app = await buildHttpApp(rt.ctx);
    await createChannel(rt.ctx, {
      kind: "phone", purpose: "security", value: "+86 400 820 8820", label: { en: "Fraud hotline", zh: "反诈骗热线" },
      hours: { en: "24 hours a day", zh: "全天 24 小时" }, responseTime: { en: "Answered at once", zh: "即时接听" },
    });
    await createChannel(rt.ctx, { kind: "chat", value: "Live chat", label: { en: "Live chat", zh: "在线客服" }, hours: { en: "9:00–21:00 Beijing time", zh: "北京时间 9:00–21:00" } });
    await createChannel(rt.ctx, { kind: "email", value: "old@example.com", label: { en: "Retired", zh: "已停用" }, published: false });
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("renders every page in English and Chinese, with the strict CSP", async () => {
    for (const [url, en, zh] of pages) {
      const english = await app.inject({ method: "GET", url });
      assert.equal(english.statusCode, 200, url);
      assert.equal(english.headers["content-security-policy"], portalCsp, url);
      assert.match(String(english.headers["content-type"]), /text\/html/);
      assert.match(english.body, /<html lang="en">/, url);
      assert.match(english.body, en, url);

      const byHeader = await app.inject({ method: "GET", url, headers: { "accept-language": "zh-CN,zh;q=0.9,en;q=0.5" } });
      assert.match(byHeader.body, /<html lang="zh-CN">/, url);
      assert.match(byHeader.body, zh, url);
      assert.equal(byHeader.headers["content-security-policy"], portalCsp, url);

      const byQuery = await app.inject({ method: "GET", url: `${url}?lang=zh-CN` });
      assert.match(byQuery.body, zh, url);
    }
  });

  it("remembers ?lang= in a cookie over the browser's language", async () => {
    const first = await app.inject({ method: "GET", url: "/?lang=en", headers: { "accept-language": "zh-CN" } });
    const cookie = (first.cookies as { name: string; value: string }[]).find((c) => c.name === "paydesk_lang")!;
    const next = await app.inject({ method: "GET", url: "/guides/complaints", headers: { "accept-language": "zh-CN", cookie: `${cookie.name}=${cookie.value}` } });
    assert.match(next.body, /<html lang="en">/);
  });

  it("shows the official channels on the home page: addresses, hours, response times, the rules", async () => {
    const res = await app.inject({ method: "GET", url: "/" });
    assert.match(res.body, /id="official-channels"/);
    assert.match(res.body, /<a class="channel-value" href="mailto:support@example.com">support@example.com<\/a>/);
    assert.match(res.body, /href="tel:\+864008208820">\+86 400 820 8820<\/a>/);
    assert.match(res.body, /24 hours a day/);
    assert.match(res.body, /Answered at once/);
    assert.match(res.body, /Live chat is not available yet/);
    assert.match(res.body, /9:00–21:00 Beijing time/);
    assert.match(res.body, /never ask for your password, your full card number, the CVV/);
    assert.ok(!res.body.includes("old@example.com"), "unpublished channels are not shown");
    for (const href of ["/contact", "/track", "/check", "/guides/complaints", "/guides/privacy"]) assert.ok(res.body.includes(`href="${href}"`), href);
    assert.match(res.body, /<form class="card faq-search" method="get" action="\/faq"/);

    const zh = await app.inject({ method: "GET", url: "/?lang=zh-CN" });
    assert.match(zh.body, /我们的官方渠道/);
    assert.match(zh.body, /反诈骗热线/);
    assert.match(zh.body, /全天 24 小时/);
  });

  it("exports the channel block for the Contact us page, escaping what admins typed", async () => {
    await createChannel(rt.ctx, { kind: "social", value: `https://weibo.com/okpay"><script>alert(1)</script>`, label: { en: "<b>Weibo</b>", zh: "微博" } });
    const block = (await renderOfficialChannels(rt.ctx, "en")).value;
    assert.ok(block.includes("&#60;b&#62;Weibo&#60;/b&#62;"));
    assert.ok(!block.includes("<script>"));
    assert.match(block, /<h3>Social media<\/h3>/);
  });

  it("links the privacy guide to the tracking page and names the complaint deadlines", async () => {
    const privacy = await app.inject({ method: "GET", url: "/guides/privacy" });
    assert.match(privacy.body, /<a class="button" href="\/track">Track my request<\/a>/);
    const complaints = await app.inject({ method: "GET", url: "/guides/complaints" });
    assert.match(complaints.body, /35 business days/);
    const noReply = await app.inject({ method: "GET", url: "/guides/no-reply" });
    assert.match(noReply.body, /reply to our last e-mail and keep the ticket number in the subject/);
    assert.match(noReply.body, /support@example\.com/);
  });
});
