// "Contact us": the official channels, then the contact form (multipart, works without JavaScript), the
// confirmation link for first-time senders, FAQ suggestions while typing, and the form's small script.
// Each POST shows its chain: rate limit → read → CSRF → honeypot → fill time → command → page.
import { existsSync, readFileSync } from "node:fs";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Ctx } from "../../context.ts";
import { isAppError } from "../../errors.ts";
import { messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { confirmWebForm, inspectConfirmation, submitWebForm } from "../../ingest/web-form/web-form.commands.ts";
import { FAQ_QUERY_MAX, searchFaq } from "../../modules/help-centre/faq-search.queries.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";
import { requestCtx } from "../request-ctx.ts";
import { contactMessages, renderContactForm, type ContactFormState, type FormNotice } from "./contact-form.view.ts";
import { contactMultipartLimits, readContactPost } from "./contact-multipart.ts";
import { renderConfirmPrompt, renderHeld, renderLinkProblem, renderReceived } from "./contact-result.view.ts";
import { issueFillToken, secondsSinceShown } from "./fill-time.ts";
import { assertFormToken, issueFormToken } from "./form-token.ts";
import { html } from "./html.ts";
import { renderOfficialChannels } from "./official-channels.view.ts";
import { negotiateLanguage, sendPortalPage } from "./portal-page.ts";
import { clientKey } from "../../security/client-key.ts";

/** Built from src/web/portal/contact-form.ts by the web build; the page works without it. */
const scriptUrl = new URL("../../../../dist/web/portal/contact-form.js", import.meta.url);
const SCRIPT_PATH = "/assets/contact-form.js";

export function registerContactRoutes(app: FastifyInstance, base: Ctx) {
  const { config } = base.services;
  const now = () => base.clock.now().getTime();
  const posts = createRateLimiter(config.webForm.maxPerIpPer10Minutes, 10 * 60_000, now);
  const confirmations = createRateLimiter(30, 10 * 60_000, now);
  const suggestions = createRateLimiter(120, 60_000, now);
  const script = existsSync(scriptUrl) ? readFileSync(scriptUrl) : null;
  const scripts = script ? [SCRIPT_PATH] : [];

  async function sendForm(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, lang: PortalLanguage, state: Omit<ContactFormState, "csrf" | "fillToken">, status = 200) {
    const t = messagesFor(contactMessages, lang);
    const form = renderContactForm(lang, { ...state, csrf: issueFormToken(ctx, req, reply), fillToken: issueFillToken(ctx) });
    const body = html`<h1>${t("title")}</h1>
${await renderOfficialChannels(ctx, lang)}
${form}`;
    return sendPortalPage(ctx, reply, { lang, path: "/contact", title: t("title"), body, status, scripts });
  }

  void app.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: false, limits: contactMultipartLimits });

    scope.get("/contact", async (req, reply) => {
      const lang = negotiateLanguage(req, reply);
      return sendForm(requestCtx(base, req), req, reply, lang, { values: {}, errors: [] });
    });

    scope.post("/contact", async (req, reply) => {
      const lang = negotiateLanguage(req, reply);
      const ctx = requestCtx(base, req);
      const post = await readContactPost(req);
      const again = (notice: FormNotice | undefined, status: number, errors = [] as ContactFormState["errors"]) =>
        sendForm(ctx, req, reply, lang, { values: post.values, errors, notice, filesDropped: post.files.length > 0 }, status);

      if (!posts.take(clientKey(req.ip))) return again("limited", 429);
      try {
        assertFormToken(ctx, req, post.meta._csrf);
      } catch (err) {
        if (isAppError(err) && err.code === "csrf_failed") return again("expired", 403);
        throw err;
      }
      if (post.meta.homepage) {
        ctx.log.info({ ip: req.ip }, "contact form: honeypot filled, not sent");
        return again("notSent", 400);
      }
      const shownFor = secondsSinceShown(ctx, post.meta._t);
      if (shownFor === null || shownFor < config.webForm.minFillSeconds) return again("tooFast", 400);

      const outcome = await submitWebForm(ctx, {
        values: post.values, files: post.files, tooManyFiles: post.tooManyFiles, remoteIp: req.ip, language: lang,
      });
      switch (outcome.kind) {
        case "invalid":
          return again(undefined, 400, outcome.errors);
        case "rate_limited":
          return again("limited", 429);
        case "held":
          return sendPortalPage(ctx, reply, {
            lang, path: "/contact", title: messagesFor(contactMessages, lang)("title"), status: 202,
            body: renderHeld(lang, { email: outcome.email, hours: outcome.confirmHours }),
          });
        case "accepted":
          return sendPortalPage(ctx, reply, {
            lang, path: "/contact", title: messagesFor(contactMessages, lang)("title"), status: 201,
            body: renderReceived(lang, {
              ref: outcome.result.kind === "ticket" ? outcome.result.ref : null,
              email: outcome.fields.email,
              feedback: outcome.fields.feedback,
              urgent: outcome.fields.urgency === "urgent",
              firstResponseHours: config.acknowledgements.firstResponseHours,
            }),
          });
      }
    });

    // The link in the confirmation mail only shows a button: mail scanners that open links must not confirm.
    scope.get<{ Querystring: { r?: string; s?: string } }>("/contact/confirm", async (req, reply) => {
      const lang = negotiateLanguage(req, reply);
      const ctx = requestCtx(base, req);
      const ref = String(req.query.r ?? "").slice(0, 64);
      const signature = String(req.query.s ?? "").slice(0, 64);
      if (!confirmations.take(clientKey(req.ip))) return sendLinkProblem(ctx, reply, lang, "invalid", 429);
      const state = await inspectConfirmation(ctx, ref, signature);
      if (state === "invalid" || state === "expired") return sendLinkProblem(ctx, reply, lang, state);
      const t = messagesFor(contactMessages, lang);
      return sendPortalPage(ctx, reply, {
        lang, path: "/contact", title: t("title"),
        body: renderConfirmPrompt(lang, { ref, signature, csrf: issueFormToken(ctx, req, reply) }),
      });
    });

    scope.post("/contact/confirm", async (req, reply) => {
      const lang = negotiateLanguage(req, reply);
      const ctx = requestCtx(base, req);
      const post = await readContactPost(req);
      const ref = (post.meta.r ?? "").slice(0, 64);
      const signature = (post.meta.s ?? "").slice(0, 64);
      if (!confirmations.take(clientKey(req.ip))) return sendLinkProblem(ctx, reply, lang, "invalid", 429);
      try {
        assertFormToken(ctx, req, post.meta._csrf);
      } catch (err) {
        if (!isAppError(err) || err.code !== "csrf_failed") throw err;
        // The button page simply comes again with a fresh token.
        return reply.redirect(`/contact/confirm?r=${encodeURIComponent(ref)}&s=${encodeURIComponent(signature)}`, 303);
      }
      const outcome = await confirmWebForm(ctx, ref, signature);
      if (outcome.kind !== "confirmed") return sendLinkProblem(ctx, reply, lang, outcome.kind);
      return sendPortalPage(ctx, reply, {
        lang, path: "/contact", title: messagesFor(contactMessages, lang)("title"),
        body: renderReceived(lang, {
          ref: outcome.result.kind === "ticket" ? outcome.result.ref : null,
          email: null, feedback: null, urgent: false, firstResponseHours: config.acknowledgements.firstResponseHours,
        }),
      });
    });

    // FAQ articles matching what the customer is typing (the form's script asks; titles and links only).
    // The help centre may serve this itself; then its route stands.
    if (!scope.hasRoute({ method: "GET", url: "/faq/suggest" })) {
      scope.get<{ Querystring: { q?: string; lang?: string } }>("/faq/suggest", async (req, reply) => {
        const ctx = requestCtx(base, req);
        reply.header("Cache-Control", "no-store");
        if (!suggestions.take(clientKey(req.ip))) return reply.status(429).send({ error: { code: "rate_limited", message: "too many requests" } });
        const lang: PortalLanguage = req.query.lang === "zh-CN" ? "zh-CN" : req.query.lang === "en" ? "en" : negotiateLanguage(req, reply);
        const q = String(req.query.q ?? "").slice(0, FAQ_QUERY_MAX).trim();
        return { articles: q ? await suggestFaq(ctx, q, lang) : [] };
      });
    }

    if (script) {
      scope.get(SCRIPT_PATH, async (_req, reply) =>
        reply.header("Content-Type", "text/javascript; charset=utf-8").header("Cache-Control", "public, max-age=300").send(script));
    }
  });

  function sendLinkProblem(ctx: Ctx, reply: FastifyReply, lang: PortalLanguage, kind: "invalid" | "expired", status?: number) {
    const page = renderLinkProblem(lang, kind);
    return sendPortalPage(ctx, reply, { lang, path: "/contact", title: page.title, body: page.body, status: status ?? (kind === "invalid" ? 404 : 410) });
  }
}

/** Whole-phrase matches first; when the phrase finds nothing, its words one by one (a description is long). */
async function suggestFaq(ctx: Ctx, q: string, lang: PortalLanguage) {
  let hits = await searchFaq(ctx, q, lang, 5);
  if (hits.length === 0) {
    const seen = new Set<string>();
    for (const word of q.split(/[\s,.;:!?，。；：！？、]+/u).filter((w) => [...w].length >= 2).slice(0, 6)) {
      for (const hit of await searchFaq(ctx, word, lang, 5)) {
        if (!seen.has(hit.article.slug)) {
          seen.add(hit.article.slug);
          hits.push(hit);
        }
      }
      if (hits.length >= 5) break;
    }
    hits = hits.slice(0, 5);
  }
  return hits.map((h) => ({ title: h.article.title, url: `/faq/${h.article.slug}`, category: h.article.categoryName }));
}

