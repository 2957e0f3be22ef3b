// The guidance pages: not getting a reply, how complaints are handled, what to include, privacy.
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { listPublishedChannels } from "../../modules/help-centre/official-channel.commands.ts";
import { formatTicketNumber } from "../../modules/tickets/ticket.ts";
import { requestCtx } from "../request-ctx.ts";
import { complaintsMessages, noReplyMessages, privacyMessages, whatToIncludeMessages } from "./guides.messages.ts";
import { html, type SafeHtml } from "./html.ts";
import { negotiateLanguage, sendPortalPage } from "./portal-page.ts";

type Page = { path: string; title: (lang: PortalLanguage) => string; render(ctx: Ctx, lang: PortalLanguage): Promise<SafeHtml> };

/** The published address for a purpose (complaints, privacy), else the first general one. */
async function addressFor(ctx: Ctx, purpose: string): Promise<string> {
  const emails = (await listPublishedChannels(ctx)).filter((c) => c.kind === "email");
  return (emails.find((c) => c.purpose === purpose) ?? emails.find((c) => c.purpose === "general") ?? emails[0])?.value
    ?? ctx.services.config.mailboxes[0]!.address;
}

const section = (title: string, ...paragraphs: (string | SafeHtml)[]) => html`<section class="card"><h2>${title}</h2>${paragraphs.map((p) => html`<p>${p}</p>`)}</section>`;

const pages: Page[] = [
  {
    path: "/guides/no-reply",
    title: (lang) => messagesFor(noReplyMessages, lang)("title"),
    async render(ctx, lang) {
      const t = messagesFor(noReplyMessages, lang);
      const { config } = ctx.services;
      const address = await addressFor(ctx, "general");
      return html`<h1>${t("title")}</h1><p>${t("intro", { hours: config.acknowledgements.firstResponseHours })}</p>
${section(t("spamTitle"), t("spam", { address, example: formatTicketNumber(config.ticketPrefix, 100042) }))}
${section(t("contactsTitle"), t("contacts", { address }))}
${section(t("threadTitle"), t("thread"))}
${section(t("statusTitle"), t("status"), html`<a class="button" href="/track">${t("trackLink")}</a>`)}
${section(t("urgentTitle"), t("urgent"), html`<a href="/contact">${t("contactLink")}</a>`)}`;
    },
  },
  {
    path: "/guides/complaints",
    title: (lang) => messagesFor(complaintsMessages, lang)("title"),
    async render(ctx, lang) {
      const t = messagesFor(complaintsMessages, lang);
      const address = await addressFor(ctx, "complaints");
      return html`<h1>${t("title")}</h1><p>${t("intro")}</p>
${section(t("howTitle"), t("how", { address }))}
${section(t("ackTitle"), t("ack"))}
<section class="card deadlines"><h2>${t("deadlineTitle")}</h2><ul><li>${t("deadline15")}</li><li>${t("deadline35")}</li></ul><p class="muted">${t("deadlineNote")}</p></section>
${section(t("finalTitle"), t("final"))}
${section(t("recordTitle"), t("record"), html`<a href="/track">${t("trackLink")}</a>`)}`;
    },
  },
  {
    path: "/guides/what-to-include",
    title: (lang) => messagesFor(whatToIncludeMessages, lang)("title"),
    async render(_ctx, lang) {
      const t = messagesFor(whatToIncludeMessages, lang);
      return html`<h1>${t("title")}</h1><p>${t("intro")}</p>
<section class="card"><h2>${t("includeTitle")}</h2><ul>${(["tx", "time", "amount", "method", "account", "screens", "tried"] as const).map((k) => html`<li>${t(k)}</li>`)}</ul>
<p class="muted">${t("example")}</p></section>
<section class="card never"><h2>${t("neverTitle")}</h2><p class="error">${t("never")}</p></section>
<p><a class="button" href="/contact">${t("contactLink")}</a></p>`;
    },
  },
  {
    path: "/guides/privacy",
    title: (lang) => messagesFor(privacyMessages, lang)("title"),
    async render(ctx, lang) {
      const t = messagesFor(privacyMessages, lang);
      const address = await addressFor(ctx, "privacy");
      return html`<h1>${t("title")}</h1><p>${t("intro", { company: ctx.services.config.companyName })}</p>
${section(t("collectTitle"), t("collect"))}
${section(t("whyTitle"), t("why"))}
${section(t("secretsTitle"), t("secrets"))}
${section(t("keepTitle"), t("keep"))}
${section(t("rightsTitle"), t("rights"))}
${section(t("howTitle"), t("how"), html`<a class="button" href="/track">${t("trackLink")}</a>`, t("noTicket", { address }))}`;
    },
  },
];

export const guidePaths = pages.map((p) => p.path);

export function registerGuideRoutes(app: FastifyInstance, base: Ctx) {
  for (const page of pages) {
    app.get(page.path, async (req, reply) => {
      const lang = negotiateLanguage(req, reply);
      const ctx = requestCtx(base, req);
      return sendPortalPage(ctx, reply, { lang, path: page.path, title: page.title(lang), body: await page.render(ctx, lang) });
    });
  }
}
