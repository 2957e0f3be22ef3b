// CSRF: every state-changing request made with the session cookie carries X-CSRF-Token, an HMAC of
// the cookie's session id. Another site can make the browser send the cookie, but cannot read the token.
import type { FastifyRequest } from "fastify";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";

const STATE_CHANGING = new Set(["POST", "PATCH", "PUT", "DELETE"]);

export const isStateChanging = (req: FastifyRequest) => STATE_CHANGING.has(req.method.toUpperCase());

export function csrfTokenFor(ctx: Ctx, sessionId: string): string {
  return ctx.services.signer.sign("csrf", sessionId);
}

export function assertCsrf(ctx: Ctx, req: FastifyRequest, sessionId: string): void {
  const header = req.headers["x-csrf-token"];
  const token = Array.isArray(header) ? header[0] : header;
  if (!token || !ctx.services.signer.verify("csrf", sessionId, token)) {
    throw new AppError("csrf_failed", "missing or wrong X-CSRF-Token; reload the page");
  }
}
