// Errors on the tracking pages become HTML pages in the visitor's language, never JSON or stack traces.
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ZodError } from "zod";
import type { Ctx } from "../../context.ts";
import { isAppError } from "../../errors.ts";
import { negotiateLanguage, sendPortalPage } from "./portal-page.ts";
import { issueFormToken } from "./form-token.ts";
import type { TrackingKey } from "./tracking-messages.ts";
import { renderErrorBody, renderRequestForm, trackingT } from "./tracking-page.ts";

/** A refusal the page explains in the visitor's words. `invalid_link` shows the form to request a new link. */
export class PortalError extends Error {
  constructor(readonly status: number, readonly key: TrackingKey | "invalid_link" | "legacy_link", readonly vars: Record<string, string | number> = {}) {
    super(key);
  }
}

const appErrorKeys: Record<string, TrackingKey> = {
  csrf_failed: "err_csrf", rate_limited: "err_rate", invalid_input: "err_input", conflict: "err_conflict", message_too_large: "err_large",
  quarantined: "err_fileWithheld", unavailable: "err_scannerBusy",
};

export function trackingErrorHandler(base: Ctx) {
  return async (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const lang = negotiateLanguage(req, reply);
    const t = trackingT(lang);
    const ref = (req.params as { ref?: string } | undefined)?.ref;
    const back = ref && /^[A-Z]{1,6}-\d{1,12}$/.test(ref) ? `/track/${ref}` : "/track";
    const example = `${base.services.config.ticketPrefix}-100042`;
    if (err instanceof PortalError && (err.key === "invalid_link" || err.key === "legacy_link")) {
      const csrf = issueFormToken(base, req, reply);
      const ticket = ref && /^[A-Z]{1,6}-\d{1,12}$/.test(ref) ? ref : undefined;
      return sendPortalPage(base, reply, {
        lang, title: t("invalidTitle"), path: "/track", status: err.status,
        body: renderRequestForm(t, { csrf, example, ticket, intro: t(err.key === "legacy_link" ? "legacyBody" : "invalidBody") }),
      });
    }
    let status = 500;
    let text = t("err_other");
    if (err instanceof PortalError) {
      status = err.status;
      text = t(err.key as TrackingKey, err.vars);
    } else if (isAppError(err)) {
      status = err.status;
      const key = appErrorKeys[err.code];
      text = key ? t(key, { reason: err.message }) : t("err_other");
      if (err.code === "not_found") return sendPortalPage(base, reply, { lang, title: t("invalidTitle"), path: "/track", status: 404, body: renderErrorBody(t, t("invalidBody"), "/track") });
    } else if (err instanceof ZodError) {
      status = 400;
      text = t("err_input", { reason: err.issues.map((i) => i.message).join("; ") });
    } else if ((err as FastifyError).statusCode === 413) {
      status = 413;
      text = t("err_large");
    } else if ((err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500) {
      status = (err as FastifyError).statusCode!;
      text = t("err_input", { reason: err.message });
    } else {
      base.log.error({ err: err.message, requestId: req.id }, "tracking page failed");
    }
    return sendPortalPage(base, reply, { lang, title: t("errorTitle"), path: "/track", status, body: renderErrorBody(t, text, back) });
  };
}
