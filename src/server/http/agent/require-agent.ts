// Who is calling the agent API: a browser with the session cookie (CSRF-checked on state changes,
// idle and absolute expiry) or a script with a Bearer token. Returns the request's Ctx acting as that agent.
import type { FastifyRequest } from "fastify";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { loadAgentAccess } from "../../modules/access/access.policy.ts";
import { agentForToken } from "../../modules/agents/agent.commands.ts";
import { findSession, isWellFormedSessionId, touchSession, type Session, type SessionStage } from "../../modules/agents/session.commands.ts";
import { requestCtx } from "../request-ctx.ts";
import { assertCsrf, isStateChanging } from "./csrf.ts";
import { readSessionCookie } from "./session-cookie.ts";

export type Caller = {
  ctx: Ctx;
  /** The cookie's session id; null for Bearer tokens. */
  sessionId: string | null;
  session: Session | null;
};

/** Signed in and past two-factor: what every agent API route needs. */
export async function requireAgent(base: Ctx, req: FastifyRequest): Promise<Ctx> {
  return (await authenticate(base, req)).ctx;
}

export type AuthenticateOptions = {
  /** Which sign-in stages may call: the two-factor endpoints accept a session past the password step only. */
  stages?: readonly SessionStage[];
  /**
   * Whether an agent still holding a one-time password may call. Only what leads to a password of their
   * own (who am I, two-factor enrolment, the password change, signing out) does; everything else is refused.
   */
  beforePasswordChange?: boolean;
  /** Counts as activity for the idle timeout (default). A long-lived stream re-checking its caller does not. */
  touch?: boolean;
};

const passwordChangeRequired = () =>
  new AppError("password_change_required", "you signed in with a one-time password: choose your own first (POST /api/me/password)");

/** Like requireAgent, with the sign-in stages and password state the route accepts. */
export async function authenticate(base: Ctx, req: FastifyRequest, options: AuthenticateOptions = {}): Promise<Caller> {
  const stages = options.stages ?? ["active"];
  const header = req.headers.authorization;
  if (header) {
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw new AppError("unauthorized", "Authorization must be: Bearer <token>");
    const agent = await agentForToken(base, token);
    if (!agent) throw new AppError("unauthorized", "token is invalid or expired");
    if (!stages.includes("active")) throw new AppError("unauthorized", "this step belongs to browser sign-in");
    if (agent.must_change_password === 1 && !options.beforePasswordChange) throw passwordChangeRequired();
    const access = await loadAgentAccess(base, agent);
    return { ctx: requestCtx(base, req, { kind: "agent", id: agent.id, agent: access }), sessionId: null, session: null };
  }

  const sessionId = readSessionCookie(req);
  if (!sessionId) throw new AppError("unauthorized", "sign in first");
  const found = await findSession(base, sessionId);
  if (found.kind !== "valid") throw new AppError("unauthorized", found.kind === "expired" ? "your session has ended; sign in again" : "sign in first");
  if (isStateChanging(req)) assertCsrf(base, req, sessionId);
  if (!stages.includes(found.session.stage)) throw new AppError("unauthorized", "finish signing in (two-factor) first");
  if (found.agent.must_change_password === 1 && !options.beforePasswordChange) throw passwordChangeRequired();
  if (options.touch !== false) await touchSession(base, found.session);
  const access = await loadAgentAccess(base, found.agent);
  const ctx = requestCtx(base, req, { kind: "agent", id: found.agent.id, agent: access });
  return { ctx, sessionId, session: found.session };
}

/**
 * For requests that start a session (sign-in, accepting an invitation): the browser must hold the
 * pre-session cookie from GET /api/session and echo its CSRF token, so another site cannot sign a
 * victim into an account of its choosing. Returns the cookie's id, which the new session replaces.
 */
export function requirePreSession(base: Ctx, req: FastifyRequest): string {
  const sessionId = readSessionCookie(req);
  if (!sessionId || !isWellFormedSessionId(sessionId)) throw new AppError("csrf_failed", "load GET /api/session first and send its csrfToken as X-CSRF-Token");
  assertCsrf(base, req, sessionId);
  return sessionId;
}

/** Public state-changing requests (password reset): no cookie, nothing ambient; with a cookie, the token must match. */
export function checkCsrfWhenCookie(base: Ctx, req: FastifyRequest): void {
  const sessionId = readSessionCookie(req);
  if (sessionId) assertCsrf(base, req, sessionId);
}
