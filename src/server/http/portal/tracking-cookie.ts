// The browser session a magic link opens: a short-lived HttpOnly cookie per ticket, naming the link it came
// from (so revoking or expiring the link ends it) and signed so it cannot be made up or moved to another ticket.
import type { FastifyReply, FastifyRequest } from "fastify";
import "@fastify/cookie";
import type { Ctx } from "../../context.ts";
import { isSecureContext } from "../agent/session-cookie.ts";

const cookieName = (req: FastifyRequest, ticketNumber: number) =>
  `${isSecureContext(req) ? "__Host-" : ""}paydesk_track_${ticketNumber}`;

const options = (req: FastifyRequest) => ({ path: "/", httpOnly: true, sameSite: "lax" as const, secure: isSecureContext(req) });

export function setTrackingCookie(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, ticketNumber: number, linkId: string, linkExpiresAt: string): void {
  const minutes = ctx.services.config.tracking.sessionMinutes;
  const until = Math.min(ctx.clock.now().getTime() + minutes * 60_000, Date.parse(linkExpiresAt));
  const exp = Math.floor(until / 1000);
  const body = `${ticketNumber}.${linkId}.${exp}`;
  reply.setCookie(cookieName(req, ticketNumber), `${linkId}.${exp}.${ctx.services.signer.sign("track-session", body)}`, {
    ...options(req), maxAge: Math.max(1, exp - Math.floor(ctx.clock.now().getTime() / 1000)),
  });
}

/** The link id this browser's cookie for the ticket names, if the cookie is genuine and unexpired. */
export function readTrackingCookie(ctx: Ctx, req: FastifyRequest, ticketNumber: number): string | null {
  const value = req.cookies?.[cookieName(req, ticketNumber)];
  const m = value ? /^([0-9a-f-]{36})\.(\d{1,12})\.([a-z2-7]{16})$/.exec(value) : null;
  if (!m) return null;
  const [, linkId, exp, sig] = m as unknown as [string, string, string, string];
  if (!ctx.services.signer.verify("track-session", `${ticketNumber}.${linkId}.${exp}`, sig)) return null;
  if (Number(exp) * 1000 <= ctx.clock.now().getTime()) return null;
  return linkId;
}

export function clearTrackingCookie(req: FastifyRequest, reply: FastifyReply, ticketNumber: number): void {
  reply.clearCookie(cookieName(req, ticketNumber), options(req));
}
