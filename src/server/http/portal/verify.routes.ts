// "Verify a message": the code from an e-mail's footer (or its Message-ID) → did support really send it,
// when, to which address (masked) and with what subject. A POST form (codes stay out of URLs and logs),
// rate-limited per visitor so codes cannot be guessed.
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { defineMessages, messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { verifyMessage, type VerificationAnswer } from "../../modules/help-centre/message-verification.queries.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";
import { requestCtx } from "../request-ctx.ts";
import { checkFormToken, sendRateLimitedPage, visitorKey } from "./help-centre-notice.view.ts";
import { issueFormToken } from "./form-token.ts";
import { html, type SafeHtml } from "./html.ts";
import { negotiateLanguage, sendPortalPage } from "./portal-page.ts";

const messages = defineMessages({
  title: "Verify a message",
  intro: "Every e-mail {company} support sends ends with a verification code such as K7Q2-9XWD-3MPA. Enter it here to check that the e-mail really came from us.",
  label: "Verification code (or the e-mail's Message-ID)",
  submit: "Verify",
  oursTitle: "Yes — we sent this e-mail",
  sentAt: "Sent",
  to: "To",
  subject: "Subject",
  oursNote: "Compare these details with the e-mail you have. If the subject or the address differ, the code was copied into another message: treat it as phishing.",
  notOursTitle: "We did not send this — it may be phishing",
  notOursCode: "No e-mail from {company} support carries this code.",
  notOursMessageId: "No e-mail from {company} support has this Message-ID.",
  notOursAdvice: "Do not reply, click its links, pay or give any codes. Check the sender's address on “Is this really us?”, and if you already acted on it, contact us through a channel listed on Contact us.",
  unreadableTitle: "That is not a verification code",
  unreadable: "A code has 12 letters and digits, usually written in three groups of four (K7Q2-9XWD-3MPA). Copy it from the bottom of the e-mail.",
  checkLink: "Is this really us?",
  contactLink: "Contact us",
}, {
  title: "验证邮件",
  intro: "{company} 客服发出的每封邮件末尾都有一个验证码，例如 K7Q2-9XWD-3MPA。在这里输入验证码，即可核实邮件是否确实来自我们。",
  label: "验证码（或邮件的 Message-ID）",
  submit: "验证",
  oursTitle: "是的——这封邮件是我们发出的",
  sentAt: "发送时间",
  to: "收件人",
  subject: "主题",
  oursNote: "请将以上信息与您收到的邮件进行比对。如果主题或收件地址不一致，说明验证码被复制到了另一封邮件中：请将其视为钓鱼邮件。",
  notOursTitle: "这封邮件不是我们发出的——可能是钓鱼邮件",
  notOursCode: "{company} 客服发出的邮件中没有这个验证码。",
  notOursMessageId: "{company} 客服发出的邮件中没有这个 Message-ID。",
  notOursAdvice: "请不要回复、点击其中的链接、付款或提供任何验证码。请在“核实官方渠道”页面检查发件地址；如果您已经按邮件操作，请通过“联系我们”页面列出的渠道联系我们。",
  unreadableTitle: "这不是验证码",
  unreadable: "验证码由 12 个字母和数字组成，通常分为三组、每组四个字符（K7Q2-9XWD-3MPA）。请从邮件底部复制。",
  checkLink: "核实官方渠道",
  contactLink: "联系我们",
});

export function registerVerifyRoutes(app: FastifyInstance, base: Ctx) {
  const limiter = createRateLimiter(10, 10 * 60_000, () => base.clock.now().getTime());

  app.get("/verify", async (req, reply) => {
    const lang = negotiateLanguage(req, reply);
    const ctx = requestCtx(base, req);
    return sendPortalPage(ctx, reply, { lang, path: "/verify", title: messagesFor(messages, lang)("title"), body: renderVerifyPage(ctx, lang, issueFormToken(ctx, req, reply), "", null) });
  });

  app.post("/verify", async (req, reply) => {
    const lang = negotiateLanguage(req, reply);
    const ctx = requestCtx(base, req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!checkFormToken(ctx, req, reply, lang, "/verify", body._csrf)) return reply;
    const input = typeof body.code === "string" ? body.code.slice(0, 1000) : "";
    if (!limiter.take(visitorKey(req))) return sendRateLimitedPage(ctx, reply, lang, "/verify");
    const result = await verifyMessage(ctx, input);
    return sendPortalPage(ctx, reply, {
      lang, path: "/verify", title: messagesFor(messages, lang)("title"),
      body: renderVerifyPage(ctx, lang, issueFormToken(ctx, req, reply), input, renderAnswer(ctx, lang, result)),
    });
  });
}

function renderAnswer(ctx: Ctx, lang: PortalLanguage, a: VerificationAnswer): SafeHtml {
  const t = messagesFor(messages, lang);
  const company = ctx.services.config.companyName;
  if (a.kind === "ours") {
    return html`<section class="verdict official" data-verdict="ours" aria-live="polite">
<h2>${t("oursTitle")}</h2>
<table class="verified-message">
<tr><th scope="row">${t("sentAt")}</th><td><time datetime="${a.sentAt}">${formatTime(a.sentAt, lang)}</time></td></tr>
<tr><th scope="row">${t("to")}</th><td class="code">${a.to}</td></tr>
<tr><th scope="row">${t("subject")}</th><td>${a.subject}</td></tr>
</table>
<p>${t("oursNote")}</p>
</section>`;
  }
  if (a.kind === "unreadable") {
    return html`<section class="verdict not_ours" data-verdict="unreadable" aria-live="polite"><h2>${t("unreadableTitle")}</h2><p>${t("unreadable")}</p></section>`;
  }
  return html`<section class="verdict lookalike" data-verdict="not_ours" aria-live="polite">
<h2>${t("notOursTitle")}</h2>
<p>${a.input === "code" ? t("notOursCode", { company }) : t("notOursMessageId", { company })}</p>
<p><strong>${t("notOursAdvice")}</strong></p>
<p><a href="/check">${t("checkLink")}</a> · <a href="/contact">${t("contactLink")}</a></p>
</section>`;
}

function renderVerifyPage(ctx: Ctx, lang: PortalLanguage, token: string, value: string, result: SafeHtml | null): SafeHtml {
  const t = messagesFor(messages, lang);
  return html`<h1>${t("title")}</h1>
<p>${t("intro", { company: ctx.services.config.companyName })}</p>
<form class="card" method="post" action="/verify">
  <input type="hidden" name="_csrf" value="${token}">
  <div class="field">
    <label for="verify-code">${t("label")}</label>
    <input type="text" id="verify-code" name="code" value="${value}" maxlength="1000" autocomplete="off" spellcheck="false" autocapitalize="characters" required>
  </div>
  <button type="submit">${t("submit")}</button>
</form>
${result ?? ""}`;
}

/** UTC, spelled out: the e-mail's own Date header shows the same moment in the reader's zone. */
function formatTime(iso: string, lang: PortalLanguage): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === "zh-CN" ? "zh-CN" : "en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(d) + " UTC";
}
