// Ticket tracking without an account: "Track my request", the magic link, and the tracking page with its
// actions. Chain per route: rate limit → session (link cookie) → CSRF form token → command → redirect/present.
import formbody from "@fastify/formbody";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { buildEvidenceArchive, buildTranscriptPdf } from "../../modules/evidence/build-export.ts";
import { closeTicketByCustomer, reopenTicketByCustomer } from "../../modules/tracking/customer-actions.commands.ts";
import { requestTrackingLink } from "../../modules/tracking/link-request.job.ts";
import {
  PORTAL_FILE_MAX_BYTES, PORTAL_MAX_FILES, checkPortalFiles, submitPortalReply, type PortalFile,
} from "../../modules/tracking/portal-reply.commands.ts";
import { privacyKinds, requestPrivacyAction } from "../../modules/tracking/privacy-request.commands.ts";
import { submitSurvey } from "../../modules/tracking/survey.commands.ts";
import { presentTicketForCustomer } from "../../modules/tracking/ticket.customer-present.ts";
import {
  findLiveTrackingLink, isLegacyTrackingToken, openTrackingLink, revokeTrackingLink, type TrackingLink,
} from "../../modules/tracking/tracking-link.commands.ts";
import { findCustomerAttachment, findTicketByPublicRef, loadTrackedTicket } from "../../modules/tracking/tracking.queries.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";
import { requestCtx } from "../request-ctx.ts";
import { assertFormToken, issueFormToken } from "./form-token.ts";
import { negotiateLanguage, sendPortalPage } from "./portal-page.ts";
import { clearTrackingCookie, readTrackingCookie, setTrackingCookie } from "./tracking-cookie.ts";
import { PortalError, trackingErrorHandler } from "./tracking-errors.ts";
import { registerTrackingApiRoutes } from "./tracking-api.routes.ts";
import { registerPrivacyConfirmRoutes } from "./tracking-privacy.routes.ts";
import { renderRequestForm, renderRequestSent, renderTrackingPage, trackingT } from "./tracking-page.ts";
import { clientKey } from "../../security/client-key.ts";
import { assertStillClean } from "../../modules/attachments/rescan.ts";

type RefParams = { Params: { ref: string } };
type FormBody = Record<string, unknown>;

const emailSchema = z.string().trim().toLowerCase().email().max(320);
const surveyBody = z.object({ rating: z.coerce.number().int().min(1).max(5), comment: z.string().max(2000).default("") });
const privacyBody = z.object({ kind: z.enum(privacyKinds), note: z.string().max(2000).default("") });
const doneNotices = ["reply", "closed", "reopened", "survey", "privacy"] as const;

/** Limits per process; the link-request job also caps mails per address in the database. */
function createLimits(base: Ctx) {
  const now = () => base.clock.now().getTime();
  return {
    requestByIp: createRateLimiter(10, 15 * 60_000, now),
    requestByAddress: createRateLimiter(3, 60 * 60_000, now),
    openByIp: createRateLimiter(30, 15 * 60_000, now),
    actionsByLink: createRateLimiter(20, 10 * 60_000, now),
  };
}

export function registerTrackingRoutes(app: FastifyInstance, base: Ctx) {
  const limits = createLimits(base);
  const prefix = base.services.config.ticketPrefix;
  const example = `${prefix}-100042`;
  const customerCtx = (req: FastifyRequest) => requestCtx(base, req, { kind: "customer", id: null });

  /** The ticket and the live link this browser's cookie opens for it; anything else answers like an unknown link. */
  async function requireSession(ctx: Ctx, req: FastifyRequest, ref: string): Promise<{ ticket: { id: string; number: number }; link: TrackingLink }> {
    const ticket = await findTicketByPublicRef(ctx, ref);
    const linkId = ticket ? readTrackingCookie(ctx, req, ticket.number) : null;
    const link = ticket && linkId ? await findLiveTrackingLink(ctx, linkId, ticket.id) : undefined;
    if (!ticket || !link) throw new PortalError(404, "invalid_link");
    return { ticket, link };
  }

  function takeAction(link: TrackingLink) {
    if (!limits.actionsByLink.take(link.id)) throw new PortalError(429, "err_rate");
  }

  const done = (reply: FastifyReply, ref: string, what: (typeof doneNotices)[number]) => reply.redirect(`/track/${ref}?done=${what}`, 303);

  app.register(async (scope) => {
    await scope.register(formbody);
    await scope.register(multipart, { limits: { fileSize: PORTAL_FILE_MAX_BYTES, files: PORTAL_MAX_FILES, fields: 20, fieldSize: 100_000, parts: 30 } });
    scope.setErrorHandler(trackingErrorHandler(base));

    scope.get<{ Querystring: { ticket?: string; done?: string } }>("/track", async (req, reply) => {
      const ctx = customerCtx(req);
      const lang = negotiateLanguage(req, reply);
      const t = trackingT(lang);
      const ticket = typeof req.query.ticket === "string" && /^[A-Z]{1,6}-\d{1,12}$/.test(req.query.ticket) ? req.query.ticket : undefined;
      const intro = req.query.done === "signed-out" ? t("signedOut") : undefined;
      return sendPortalPage(ctx, reply, { lang, title: t("requestTitle"), path: "/track", body: renderRequestForm(t, { csrf: issueFormToken(ctx, req, reply), example, ticket, intro }) });
    });

    // Same work, same answer whether or not the pair exists: validate, count, queue a job. The job decides.
    scope.post<{ Body: FormBody }>("/track", async (req, reply) => {
      const ctx = customerCtx(req);
      const lang = negotiateLanguage(req, reply);
      const t = trackingT(lang);
      const body = (req.body ?? {}) as FormBody;
      assertFormToken(ctx, req, body._csrf);
      if (!limits.requestByIp.take(clientKey(req.ip))) throw new PortalError(429, "err_rate");
      const rawEmail = String(body.email ?? "");
      const rawTicket = String(body.ticket ?? "").trim();
      const email = emailSchema.safeParse(rawEmail);
      const m = /^#?\s*(?:([A-Za-z]{1,6})\s*-\s*)?(\d{1,12})$/.exec(rawTicket);
      const problem = !email.success ? t("err_email") : !m || (m[1] && m[1].toUpperCase() !== prefix) ? t("err_ticket", { example }) : null;
      if (problem || !email.success || !m) {
        const csrf = issueFormToken(ctx, req, reply);
        return sendPortalPage(ctx, reply, { lang, title: t("requestTitle"), path: "/track", status: 400, body: renderRequestForm(t, { csrf, example, email: rawEmail.slice(0, 320), ticket: rawTicket.slice(0, 40), problem: problem ?? undefined }) });
      }
      if (!limits.requestByAddress.take(email.data)) throw new PortalError(429, "err_rate");
      const number = Number(m[2]);
      await requestTrackingLink(ctx, { address: email.data, number, language: lang });
      return sendPortalPage(ctx, reply, {
        lang, title: t("sentTitle"), path: "/track",
        body: renderRequestSent(t, { email: email.data, ref: `${prefix}-${number}`, days: ctx.services.config.tracking.linkDays }),
      });
    });

    // The magic link: trade the token for a cookie and take it out of the address bar (and of Referer and history).
    scope.get<RefParams & { Querystring: { t?: string; done?: string } }>("/track/:ref", async (req, reply) => {
      const ctx = customerCtx(req);
      const { ref } = req.params;
      if (req.query.t !== undefined) {
        if (!limits.openByIp.take(clientKey(req.ip))) throw new PortalError(429, "err_rate");
        const token = String(req.query.t);
        const ticket = await findTicketByPublicRef(ctx, ref);
        const link = ticket ? await openTrackingLink(ctx, ticket.id, token) : undefined;
        if (ticket && link) {
          setTrackingCookie(ctx, req, reply, ticket.number, link.id, link.expiresAt);
          return reply.redirect(`/track/${ref}`, 303);
        }
        if (ticket && isLegacyTrackingToken(ctx, ticket.number, token)) throw new PortalError(410, "legacy_link");
        throw new PortalError(404, "invalid_link");
      }
      const { ticket, link } = await requireSession(ctx, req, ref);
      const lang = negotiateLanguage(req, reply);
      const t = trackingT(lang);
      const data = (await loadTrackedTicket(ctx, ticket.id))!;
      const { config } = ctx.services;
      const view = presentTicketForCustomer(data, {
        address: link.address, prefix: config.ticketPrefix, firstResponseHours: config.acknowledgements.firstResponseHours, now: ctx.clock.now(),
      });
      const notices: Record<(typeof doneNotices)[number], string> = {
        reply: t("replySent"), closed: t("closedDone"), reopened: t("reopenedDone"), survey: t("surveyThanks"), privacy: t("privacySent", { email: link.address }),
      };
      const notice = (doneNotices as readonly string[]).includes(req.query.done ?? "") ? notices[req.query.done as (typeof doneNotices)[number]] : null;
      return sendPortalPage(ctx, reply, {
        lang, title: view.ref, path: "/track",
        body: renderTrackingPage(t, { ticket: view, address: link.address, csrf: issueFormToken(ctx, req, reply), notice, exports: true }),
      });
    });

    scope.post<RefParams>("/track/:ref/reply", async (req, reply) => {
      const ctx = customerCtx(req);
      const { ticket, link } = await requireSession(ctx, req, req.params.ref);
      const fields: Record<string, string> = {};
      const files: PortalFile[] = [];
      for await (const part of req.parts()) {
        if (part.type === "file") {
          const content = await part.toBuffer();
          // An empty file input still sends a nameless, empty part.
          if (part.filename || content.length) files.push({ filename: part.filename, content });
        } else {
          fields[part.fieldname] = String(part.value ?? "");
        }
      }
      assertFormToken(ctx, req, fields._csrf);
      takeAction(link);
      const problem = checkPortalFiles(files)[0];
      if (problem) throw problem.reason === "type" ? new PortalError(400, "err_fileType", { name: problem.filename }) : new PortalError(413, "err_large");
      await submitPortalReply(ctx, link, { text: fields.text ?? "", files });
      return done(reply, `${prefix}-${ticket.number}`, "reply");
    });

    scope.post<RefParams & { Body: FormBody }>("/track/:ref/close", async (req, reply) => {
      const ctx = customerCtx(req);
      const { ticket, link } = await requireSession(ctx, req, req.params.ref);
      assertFormToken(ctx, req, (req.body as FormBody | undefined)?._csrf);
      takeAction(link);
      await closeTicketByCustomer(ctx, ticket.id);
      return done(reply, req.params.ref, "closed");
    });

    scope.post<RefParams & { Body: FormBody }>("/track/:ref/reopen", async (req, reply) => {
      const ctx = customerCtx(req);
      const { ticket, link } = await requireSession(ctx, req, req.params.ref);
      assertFormToken(ctx, req, (req.body as FormBody | undefined)?._csrf);
      takeAction(link);
      await reopenTicketByCustomer(ctx, ticket.id);
      return done(reply, req.params.ref, "reopened");
    });

    scope.post<RefParams & { Body: FormBody }>("/track/:ref/survey", async (req, reply) => {
      const ctx = customerCtx(req);
      const { ticket, link } = await requireSession(ctx, req, req.params.ref);
      assertFormToken(ctx, req, (req.body as FormBody | undefined)?._csrf);
      takeAction(link);
      const body = surveyBody.parse(req.body);
      await submitSurvey(ctx, { ticketId: ticket.id, address: link.address, rating: body.rating, comment: body.comment });
      return done(reply, req.params.ref, "survey");
    });

    scope.post<RefParams & { Body: FormBody }>("/track/:ref/privacy", async (req, reply) => {
      const ctx = customerCtx(req);
      const { link } = await requireSession(ctx, req, req.params.ref);
      assertFormToken(ctx, req, (req.body as FormBody | undefined)?._csrf);
      takeAction(link);
      const body = privacyBody.parse(req.body);
      await requestPrivacyAction(ctx, link, { kind: body.kind, note: body.note, language: negotiateLanguage(req, reply) });
      return done(reply, req.params.ref, "privacy");
    });

    scope.post<RefParams & { Body: FormBody }>("/track/:ref/sign-out", async (req, reply) => {
      const ctx = customerCtx(req);
      const { ticket, link } = await requireSession(ctx, req, req.params.ref);
      assertFormToken(ctx, req, (req.body as FormBody | undefined)?._csrf);
      await revokeTrackingLink(ctx, link);
      clearTrackingCookie(req, reply, ticket.number);
      return reply.redirect("/track?done=signed-out", 303);
    });

    // Files are always downloads (never rendered here), whatever they claim to be.
    scope.get<{ Params: { ref: string; id: string } }>("/track/:ref/attachments/:id", async (req, reply) => {
      const ctx = customerCtx(req);
      const { ticket } = await requireSession(ctx, req, req.params.ref);
      const attachment = await findCustomerAttachment(ctx, ticket.id, req.params.id);
      if (!attachment) throw new PortalError(404, "invalid_link");
      const bytes = await ctx.services.blobs.get(attachment.blob_key);
      await assertStillClean(ctx, { ...attachment, ticket_id: ticket.id }, bytes);
      return sendDownload(reply, bytes, attachment.filename, "application/octet-stream");
    });

    scope.get<RefParams>("/track/:ref/export.zip", async (req, reply) => {
      const ctx = customerCtx(req);
      const { ticket } = await requireSession(ctx, req, req.params.ref);
      const archive = await buildEvidenceArchive(ctx, ticket.id);
      return sendDownload(reply, archive.bytes, archive.filename, "application/zip");
    });

    scope.get<RefParams>("/track/:ref/export.pdf", async (req, reply) => {
      const ctx = customerCtx(req);
      const { ticket } = await requireSession(ctx, req, req.params.ref);
      const pdf = await buildTranscriptPdf(ctx, ticket.id);
      return sendDownload(reply, pdf, `${prefix}-${ticket.number}-transcript.pdf`, "application/pdf");
    });

    registerPrivacyConfirmRoutes(scope, base);
  });

  registerTrackingApiRoutes(app, base);
}

function sendDownload(reply: FastifyReply, bytes: Buffer, filename: string, type: string) {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return reply
    .header("Content-Type", type)
    .header("Content-Disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header("Content-Security-Policy", "default-src 'none'; sandbox")
    .header("Cache-Control", "private, no-store")
    .send(bytes);
}
