// The help centre's page shell: language choice, navigation, the safety rules in the footer, and the
// strict headers every public page is sent with.
import type { FastifyReply, FastifyRequest } from "fastify";
import "@fastify/cookie";
import type { Ctx } from "../../context.ts";
import { defineMessages, messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { html, type SafeHtml } from "./html.ts";

export type { PortalLanguage };

const LANG_COOKIE = "paydesk_lang";

/** `?lang=` (remembered in a cookie) → the cookie → the browser's Accept-Language → English. */
export function negotiateLanguage(req: FastifyRequest, reply: FastifyReply): PortalLanguage {
  const asked = (req.query as Record<string, unknown> | undefined)?.lang;
  if (asked === "en" || asked === "zh-CN") {
    reply.setCookie(LANG_COOKIE, asked, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 86400 });
    return asked;
  }
  const remembered = req.cookies?.[LANG_COOKIE];
  if (remembered === "en" || remembered === "zh-CN") return remembered;
  const accept = String(req.headers["accept-language"] ?? "");
  const first = accept.split(",").map((p) => p.trim().split(";")[0]!.toLowerCase()).find(Boolean) ?? "";
  return first.startsWith("zh") ? "zh-CN" : "en";
}

const shell = defineMessages({
  home: "Help centre",
  contact: "Contact us",
  check: "Is this really us?",
  track: "Track my request",
  faq: "FAQ",
  complain: "How to complain",
  privacy: "Privacy",
  switchLanguage: "中文",
  rules: "{company} never asks for your password, full card number, CVV or SMS code — by e-mail, phone or chat.",
  skip: "Skip to content",
}, {
  home: "帮助中心",
  contact: "联系我们",
  check: "核实官方渠道",
  track: "查询我的请求",
  faq: "常见问题",
  complain: "如何投诉",
  privacy: "隐私",
  switchLanguage: "English",
  rules: "{company} 绝不会通过邮件、电话或在线客服向您索取密码、完整卡号、CVV 安全码或短信验证码。",
  skip: "跳到正文",
});

export type PortalPage = { lang: PortalLanguage; title: string; body: SafeHtml; path: string; status?: number; scripts?: string[] };

export function renderPortalPage(ctx: Ctx, page: PortalPage): string {
  const t = messagesFor(shell, page.lang);
  const company = ctx.services.config.companyName;
  const other: PortalLanguage = page.lang === "en" ? "zh-CN" : "en";
  const nav: [string, string][] = [
    ["/", t("home")], ["/contact", t("contact")], ["/check", t("check")], ["/track", t("track")], ["/faq", t("faq")],
    ["/guides/complaints", t("complain")], ["/guides/privacy", t("privacy")],
  ];
  return html`<!doctype html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${company}</title>
<link rel="stylesheet" href="/assets/portal.css">
${(page.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">${t("skip")}</a>
<header class="site">
  <a class="brand" href="/">${company} · ${t("home")}</a>
  <nav aria-label="${t("home")}"><ul>${nav.map(([href, label]) => html`<li><a href="${href}"${href === page.path ? html` aria-current="page"` : ""}>${label}</a></li>`)}</ul></nav>
  <a class="lang" href="?lang=${other}" hreflang="${other}" lang="${other}">${t("switchLanguage")}</a>
</header>
<main id="main">
${page.body}
</main>
<footer class="site"><p class="rules">${t("rules", { company })}</p></footer>
</body>
</html>`.value;
}

export const portalCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function sendPortalPage(ctx: Ctx, reply: FastifyReply, page: PortalPage): FastifyReply {
  return reply
    .status(page.status ?? 200)
    .header("Content-Type", "text/html; charset=utf-8")
    .header("Content-Security-Policy", portalCsp)
    .header("Cache-Control", "no-store")
    .send(renderPortalPage(ctx, page));
}
