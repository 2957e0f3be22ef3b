// "Is this really us?": a single address, domain, link or phone number (GET, shareable), or a whole pasted
// e-mail's headers (POST: too long for a URL). Rate-limited per visitor.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Ctx } from "../../context.ts";
import { defineMessages, messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { listPublishedChannels, officialChannelsFrom } from "../../modules/help-centre/official-channel.commands.ts";
import { findListedAccount, findMatchedChannel } from "../../modules/help-centre/official-channel.present.ts";
import { checkChannel, checkHeaders, type ChannelCheck } from "../../modules/lookalike/check-channel.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";
import { requestCtx } from "../request-ctx.ts";
import { renderChannelVerdict, renderHeaderVerdicts } from "./check-verdict.view.ts";
import { checkFormToken, sendRateLimitedPage, visitorKey } from "./help-centre-notice.view.ts";
import { issueFormToken } from "./form-token.ts";
import { html, type SafeHtml } from "./html.ts";
import { negotiateLanguage, sendPortalPage } from "./portal-page.ts";

const messages = defineMessages({
  title: "Is this really us?",
  intro: "Received an e-mail, a link, a call or a message that claims to be {company}? Check it here before you reply, click or pay.",
  valueLabel: "E-mail address, website, link or phone number",
  valueHint: "For example: support@… , https://… , +86 …",
  check: "Check",
  headersTitle: "Check a whole e-mail",
  headersIntro: "In your mail program, open the suspicious e-mail's headers (“Show original” or “View source”), copy them and paste them here. We check the From, Reply-To and Return-Path addresses and every link.",
  headersLabel: "Pasted e-mail headers (and text)",
  checkHeaders: "Check the e-mail",
  verifyTip: "Got an e-mail that looks like ours? Each e-mail we send has a verification code at the bottom — check it on",
  verifyLink: "Verify a message",
}, {
  title: "核实官方渠道",
  intro: "收到自称来自 {company} 的邮件、链接、电话或消息？在回复、点击或付款之前，请先在这里核实。",
  valueLabel: "电子邮件地址、网站、链接或电话号码",
  valueHint: "例如：support@…、https://…、+86 …",
  check: "核实",
  headersTitle: "核实整封邮件",
  headersIntro: "在您的邮件程序中打开可疑邮件的邮件头（“显示原始邮件”或“查看源代码”），复制后粘贴到这里。我们会检查 From、Reply-To、Return-Path 地址以及其中的每个链接。",
  headersLabel: "粘贴的邮件头（及正文）",
  checkHeaders: "核实这封邮件",
  verifyTip: "收到看起来像我们发出的邮件？我们发出的每封邮件底部都有验证码——请在此核实：",
  verifyLink: "验证邮件",
});

const MAX_VALUE = 2048;
const MAX_HEADERS = 512 * 1024;
const asText = (v: unknown, max: number) => (typeof v === "string" ? v.slice(0, max) : "");

export function registerCheckRoutes(app: FastifyInstance, base: Ctx) {
  const limiter = createRateLimiter(30, 5 * 60_000, () => base.clock.now().getTime());

  app.get("/check", async (req, reply) => {
    const lang = negotiateLanguage(req, reply);
    const query = (req.query ?? {}) as Record<string, unknown>;
    const value = asText(query.q, MAX_VALUE).trim();
    const headers = asText(query.headers, MAX_HEADERS);
    return answer(requestCtx(base, req), req, reply, lang, value, headers);
  });

  app.post("/check", async (req, reply) => {
    const lang = negotiateLanguage(req, reply);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const ctx = requestCtx(base, req);
    if (!checkFormToken(ctx, req, reply, lang, "/check", body._csrf)) return reply;
    return answer(ctx, req, reply, lang, asText(body.q, MAX_VALUE).trim(), asText(body.headers, MAX_HEADERS));
  });

  async function answer(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, lang: PortalLanguage, value: string, headers: string) {
    let result: SafeHtml | null = null;
    if (value || headers.trim()) {
      if (!limiter.take(visitorKey(req))) return sendRateLimitedPage(ctx, reply, lang, "/check");
      const channels = await listPublishedChannels(ctx);
      const official = officialChannelsFrom(ctx.services.config, channels);
      const parts: SafeHtml[] = [];
      if (value) {
        const account = findListedAccount(channels, value);
        const check: ChannelCheck = account
          ? { kind: "url", verdict: "official", matched: account.value, reasons: [], display: { ascii: value, unicode: value } }
          : checkChannel(value, official);
        const channel = account ?? (check.verdict === "official" && check.matched ? findMatchedChannel(channels, check.matched) : null);
        parts.push(renderChannelVerdict(lang, check, channel));
      }
      if (headers.trim()) parts.push(renderHeaderVerdicts(lang, checkHeaders(headers, official)));
      result = html`${parts}`;
    }
    return sendPortalPage(ctx, reply, {
      lang, path: "/check", title: messagesFor(messages, lang)("title"),
      body: renderCheckPage(ctx, lang, issueFormToken(ctx, req, reply), value, headers, result),
    });
  }
}

function renderCheckPage(ctx: Ctx, lang: PortalLanguage, token: string, value: string, headers: string, result: SafeHtml | null): SafeHtml {
  const t = messagesFor(messages, lang);
  return html`<h1>${t("title")}</h1>
<p>${t("intro", { company: ctx.services.config.companyName })}</p>
<form class="card" method="get" action="/check" role="search">
  <div class="field">
    <label for="check-q">${t("valueLabel")}</label>
    <input type="text" id="check-q" name="q" value="${value}" maxlength="${MAX_VALUE}" autocomplete="off" spellcheck="false" aria-describedby="check-q-hint">
    <span class="muted" id="check-q-hint">${t("valueHint")}</span>
  </div>
  <button type="submit">${t("check")}</button>
</form>
${result ?? ""}
<form class="card" method="post" action="/check">
  <h2>${t("headersTitle")}</h2>
  <p class="muted">${t("headersIntro")}</p>
  <input type="hidden" name="_csrf" value="${token}">
  <div class="field">
    <label for="check-headers">${t("headersLabel")}</label>
    <textarea id="check-headers" name="headers" rows="8" spellcheck="false">${headers}</textarea>
  </div>
  <button type="submit">${t("checkHeaders")}</button>
</form>
<p>${t("verifyTip")} <a href="/verify">${t("verifyLink")}</a>.</p>`;
}
