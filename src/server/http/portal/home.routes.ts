// The help centre's home: search, the main paths, the most helpful articles and the official channels.
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { defineMessages, messagesFor } from "../../../common/i18n/define-messages.ts";
import { listPublishedFaq } from "../../modules/help-centre/faq.commands.ts";
import { requestCtx } from "../request-ctx.ts";
import { searchBox } from "./faq.routes.ts";
import { html } from "./html.ts";
import { renderOfficialChannels } from "./official-channels.view.ts";
import { negotiateLanguage, sendPortalPage } from "./portal-page.ts";

const messages = defineMessages({
  title: "How can we help?",
  intro: "Answers, official contacts and the status of your requests with {company}.",
  contact: "Contact us",
  contactText: "Write to us with your question or problem; attach screenshots if they help.",
  track: "Track my request",
  trackText: "See the status of a request and the whole conversation, without an account.",
  check: "Is this really us?",
  checkText: "Check an e-mail address, link or phone number that claims to be us.",
  verify: "Verify a message",
  verifyText: "Enter the code at the bottom of an e-mail to confirm we sent it.",
  evidence: "Check an evidence archive",
  evidenceText: "Upload the signed archive of a request to confirm that nothing in it was changed.",
  complain: "How to complain",
  complainText: "How complaints are handled, and by when you get an answer.",
  privacy: "Privacy",
  privacyText: "What we keep, and how to get a copy of your data or have it deleted.",
  noReply: "Not getting a reply?",
  include: "What to include in a request",
  popular: "Popular questions",
  allFaq: "All questions",
}, {
  title: "有什么可以帮您？",
  intro: "在这里查找答案、官方联系方式以及您在 {company} 的请求处理进度。",
  contact: "联系我们",
  contactText: "写信告诉我们您的问题；如有帮助，请附上截图。",
  track: "查询我的请求",
  trackText: "无需注册账户，即可查看请求的处理状态和完整往来记录。",
  check: "核实官方渠道",
  checkText: "核实自称是我们的邮箱地址、链接或电话号码。",
  verify: "验证邮件",
  verifyText: "输入邮件底部的验证码，确认邮件确实由我们发出。",
  evidence: "核验证据包",
  evidenceText: "上传请求的签名证据包，确认其中内容未被改动。",
  complain: "如何投诉",
  complainText: "投诉如何处理，以及您最晚何时能收到答复。",
  privacy: "隐私",
  privacyText: "我们保存哪些信息，以及如何获取或删除您的数据。",
  noReply: "收不到回复？",
  include: "请求中应包含哪些信息",
  popular: "热门问题",
  allFaq: "全部问题",
});

export function registerHomeRoutes(app: FastifyInstance, base: Ctx) {
  app.get("/", async (req, reply) => {
    const lang = negotiateLanguage(req, reply);
    const ctx = requestCtx(base, req);
    const t = messagesFor(messages, lang);
    const popular = (await listPublishedFaq(ctx, lang)).sort((a, b) => b.helpful.yes - b.helpful.no - (a.helpful.yes - a.helpful.no)).slice(0, 6);
    const paths = [
      ["/contact", t("contact"), t("contactText")],
      ["/track", t("track"), t("trackText")],
      ["/check", t("check"), t("checkText")],
      ["/verify", t("verify"), t("verifyText")],
      ["/verify-export", t("evidence"), t("evidenceText")],
      ["/guides/complaints", t("complain"), t("complainText")],
      ["/guides/privacy", t("privacy"), t("privacyText")],
    ] as const;
    const body = html`<h1>${t("title")}</h1>
<p>${t("intro", { company: ctx.services.config.companyName })}</p>
${searchBox(lang, "")}
<nav class="grid paths" aria-label="${t("title")}">
${paths.map(([href, label, text]) => html`<a class="card path" href="${href}"><strong>${label}</strong><br><span class="muted">${text}</span></a>`)}
</nav>
<p><a href="/guides/no-reply">${t("noReply")}</a> · <a href="/guides/what-to-include">${t("include")}</a></p>
${popular.length ? html`<section class="card"><h2>${t("popular")}</h2><ul>${popular.map((a) => html`<li><a href="/faq/${a.slug}">${a.title}</a></li>`)}</ul><p><a href="/faq">${t("allFaq")}</a></p></section>` : ""}
${await renderOfficialChannels(ctx, lang)}`;
    return sendPortalPage(ctx, reply, { lang, path: "/", title: t("title"), body });
  });
}
