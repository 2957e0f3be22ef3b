// The data-rights confirmation link: opening it shows a button (mail scanners that follow links confirm
// nothing); pressing it files the request as a privacy ticket.
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { confirmPrivacyRequest, findPrivacyRequest } from "../../modules/tracking/privacy-request.commands.ts";
import { requestCtx } from "../request-ctx.ts";
import { assertFormToken, issueFormToken } from "./form-token.ts";
import { negotiateLanguage, sendPortalPage } from "./portal-page.ts";
import { PortalError } from "./tracking-errors.ts";
import { renderErrorBody, renderPrivacyConfirm, renderPrivacyDone, trackingT } from "./tracking-page.ts";

export function registerPrivacyConfirmRoutes(scope: FastifyInstance, base: Ctx) {
  scope.get<{ Querystring: { t?: string } }>("/track/privacy/confirm", async (req, reply) => {
    const ctx = requestCtx(base, req, { kind: "customer", id: null });
    const lang = negotiateLanguage(req, reply);
    const t = trackingT(lang);
    const token = String(req.query.t ?? "");
    const request = await findPrivacyRequest(ctx, token);
    if (!request) {
      return sendPortalPage(ctx, reply, { lang, title: t("privacyConfirmTitle"), path: "/track", status: 404, body: renderErrorBody(t, t("privacyInvalid"), "/track") });
    }
    if (request.confirmed && request.privacyTicketRef) {
      return sendPortalPage(ctx, reply, { lang, title: t("privacyDoneTitle"), path: "/track", body: renderPrivacyDone(t, request.privacyTicketRef) });
    }
    return sendPortalPage(ctx, reply, {
      lang, title: t("privacyConfirmTitle"), path: "/track",
      body: renderPrivacyConfirm(t, { csrf: issueFormToken(ctx, req, reply), token, kind: request.kind, address: request.address }),
    });
  });

  scope.post<{ Body: Record<string, unknown> }>("/track/privacy/confirm", async (req, reply) => {
    const ctx = requestCtx(base, req, { kind: "customer", id: null });
    const body = (req.body ?? {}) as Record<string, unknown>;
    assertFormToken(ctx, req, body._csrf);
    const lang = negotiateLanguage(req, reply);
    const t = trackingT(lang);
    const token = String(body.t ?? "");
    if (!(await findPrivacyRequest(ctx, token))) throw new PortalError(404, "privacyInvalid");
    const { ref } = await confirmPrivacyRequest(ctx, token);
    ctx.services.wakeWorker();
    return sendPortalPage(ctx, reply, { lang, title: t("privacyDoneTitle"), path: "/track", body: renderPrivacyDone(t, ref) });
  });
}
