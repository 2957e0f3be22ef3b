// The help centre's own answers when a request cannot be served: too many tries, an expired form.
// Plain pages in the reader's language rather than the API's JSON errors.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Ctx } from "../../context.ts";
import { isAppError } from "../../errors.ts";
import { defineMessages, messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { assertFormToken } from "./form-token.ts";
import { html } from "./html.ts";
import { sendPortalPage } from "./portal-page.ts";
import { clientKey } from "../../security/client-key.ts";

const messages = defineMessages({
  limitedTitle: "Please wait a moment",
  limited: "You have made many requests in a short time. Please wait a few minutes and try again.",
  expiredTitle: "This form has expired",
  expired: "For your safety, forms expire. Go back, reload the page and send it again.",
  back: "Back",
}, {
  limitedTitle: "请稍候",
  limited: "您在短时间内提交了太多请求。请等待几分钟后再试。",
  expiredTitle: "表单已过期",
  expired: "为了您的安全，表单会过期。请返回并刷新页面后重新提交。",
  back: "返回",
});

export function sendRateLimitedPage(ctx: Ctx, reply: FastifyReply, lang: PortalLanguage, path: string): FastifyReply {
  const t = messagesFor(messages, lang);
  reply.header("Retry-After", "300");
  return sendPortalPage(ctx, reply, {
    lang, path, status: 429, title: t("limitedTitle"),
    body: html`<h1>${t("limitedTitle")}</h1><p class="error" role="alert">${t("limited")}</p><p><a href="${path}">${t("back")}</a></p>`,
  });
}

/** Checks the form token; on failure sends the "form expired" page and returns false. */
export function checkFormToken(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, lang: PortalLanguage, path: string, submitted: unknown): boolean {
  try {
    assertFormToken(ctx, req, submitted);
    return true;
  } catch (err) {
    if (!isAppError(err) || err.code !== "csrf_failed") throw err;
    const t = messagesFor(messages, lang);
    sendPortalPage(ctx, reply, {
      lang, path, status: 403, title: t("expiredTitle"),
      body: html`<h1>${t("expiredTitle")}</h1><p class="error" role="alert">${t("expired")}</p><p><a href="${path}">${t("back")}</a></p>`,
    });
    return false;
  }
}

/** The visitor's address for rate limits (the app does not trust proxy headers). */
export const visitorKey = (req: FastifyRequest): string => clientKey(req.ip);
