// CSRF for the public forms, which work without JavaScript: a random cookie plus a hidden field that
// is an HMAC of it (double submit). Another site can make the browser send the cookie, not read it.
import { randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import "@fastify/cookie";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { isSecureContext } from "../agent/session-cookie.ts";

export const FORM_TOKEN_FIELD = "_csrf";

const cookieName = (req: FastifyRequest) => (isSecureContext(req) ? "__Host-paydesk_form" : "paydesk_form");

/** The hidden-field value for this browser, setting its cookie on first visit. */
export function issueFormToken(ctx: Ctx, req: FastifyRequest, reply: FastifyReply): string {
  let value = req.cookies?.[cookieName(req)];
  if (!value || !/^[A-Za-z0-9_-]{22,64}$/.test(value)) {
    value = randomBytes(18).toString("base64url");
    reply.setCookie(cookieName(req), value, { path: "/", httpOnly: true, sameSite: "lax", secure: isSecureContext(req) });
  }
  return ctx.services.signer.sign("form", value);
}

export function assertFormToken(ctx: Ctx, req: FastifyRequest, submitted: unknown): void {
  const value = req.cookies?.[cookieName(req)];
  if (!value || typeof submitted !== "string" || !ctx.services.signer.verify("form", value, submitted)) {
    throw new AppError("csrf_failed", "this form has expired; reload the page and send it again");
  }
}
