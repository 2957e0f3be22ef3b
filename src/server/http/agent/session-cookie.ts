// The console's session cookie. `__Host-` (Secure, Path=/, no Domain) wherever the browser accepts
// Secure cookies: over HTTPS (here, at a trusted proxy, or wherever the public URL is https) and on
// loopback. Plain HTTP elsewhere cannot hold a Secure cookie.
import type { FastifyReply, FastifyRequest } from "fastify";
import "@fastify/cookie";

declare module "fastify" {
  interface FastifyRequest {
    /** Set for every request by app.ts: HTTPS here, at a trusted proxy, or by the public URL. */
    servedOverHttps?: boolean;
  }
}

const SECURE_NAME = "__Host-paydesk_session";
const PLAIN_NAME = "paydesk_session";
const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

export function isSecureContext(req: FastifyRequest): boolean {
  return req.servedOverHttps === true || req.protocol === "https" || LOOPBACK.test(req.headers.host ?? "");
}

/** Only the name this request would be given is read, so a plain cookie cannot stand in for the secure one. */
export function sessionCookieName(req: FastifyRequest): string {
  return isSecureContext(req) ? SECURE_NAME : PLAIN_NAME;
}

export function readSessionCookie(req: FastifyRequest): string | null {
  return req.cookies?.[sessionCookieName(req)] || null;
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, sessionId: string, maxAgeSeconds?: number): void {
  reply.setCookie(sessionCookieName(req), sessionId, {
    path: "/", httpOnly: true, sameSite: "lax", secure: isSecureContext(req),
    ...(maxAgeSeconds ? { maxAge: Math.floor(maxAgeSeconds) } : {}),
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(req), { path: "/", httpOnly: true, sameSite: "lax", secure: isSecureContext(req) });
}
