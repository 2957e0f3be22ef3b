// Browser sign-in: pre-session → password → two-factor (or enrolment) → signed in; sign out.
// Each route: rate limit → CSRF/session → validate → command → present.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { loadAgentAccess } from "../../modules/access/access.policy.ts";
import { recordAudit } from "../../modules/audit/audit.commands.ts";
import { presentAgent, presentAgentById } from "../../modules/agents/agent.present.ts";
import {
  activateAfterEnrolment, completeTwoFactor, findSession, isWellFormedSessionId, newSessionId, signInWithPassword,
  signOut, signOutEverywhere, touchSession, type SignInResult,
} from "../../modules/agents/session.commands.ts";
import { confirmTotpEnrolment, startTotpEnrolment } from "../../modules/agents/two-factor.commands.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";
import { requestCtx } from "../request-ctx.ts";
import { csrfTokenFor } from "./csrf.ts";
import { createFailureLimiter } from "./failure-limiter.ts";
import { authenticate, requirePreSession } from "./require-agent.ts";
import { clearSessionCookie, readSessionCookie, setSessionCookie } from "./session-cookie.ts";
import { clientKey } from "../../security/client-key.ts";

const signInBody = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1024) });
const totpBody = z.union([
  z.object({ code: z.string().min(1).max(20) }).strict(),
  z.object({ recoveryCode: z.string().min(1).max(40) }).strict(),
]);
const confirmBody = z.object({ code: z.string().min(1).max(20) });
const enrolBody = z.object({ currentPassword: z.string().min(1).max(1024).optional() });

const statusOf = { active: "signed_in", totp: "totp_required", enrol: "totp_enrolment_required" } as const;

export const clientOf = (req: FastifyRequest) => ({ ip: req.ip ?? null, userAgent: req.headers["user-agent"] ?? null });

/** Sets the new session's cookie and answers with its CSRF token (and the agent once past the password). */
export async function answerSignIn(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, result: SignInResult, extra: Record<string, unknown> = {}) {
  const maxAge = result.stage === "active" ? ctx.services.config.sessions.absoluteHours * 3600 : undefined;
  setSessionCookie(req, reply, result.sessionId, maxAge);
  const body: Record<string, unknown> = { status: statusOf[result.stage], csrfToken: csrfTokenFor(ctx, result.sessionId), ...extra };
  if (result.stage !== "totp") body.agent = presentAgent(result.agent, (await loadAgentAccess(ctx, result.agent)).mailboxIds);
  return body;
}

export function registerSessionRoutes(app: FastifyInstance, base: Ctx) {
  const now = () => base.clock.now().getTime();
  const signInPerIp = createRateLimiter(30, 10 * 60_000, now);
  const signInPerEmail = createRateLimiter(10, 15 * 60_000, now);
  const codeFailures = createFailureLimiter(5, 15 * 60_000, now);

  // GET /api/session — who am I; otherwise a pre-session cookie whose CSRF token sign-in must echo.
  app.get("/api/session", async (req, reply) => {
    if (req.headers.authorization) {
      const { ctx } = await authenticate(base, req, { beforePasswordChange: true });
      return { agent: await presentSelf(ctx), csrfToken: null };
    }
    const ctx = requestCtx(base, req);
    const cookie = readSessionCookie(req);
    const found = cookie ? await findSession(ctx, cookie) : { kind: "missing" as const };
    if (found.kind === "valid" && cookie) {
      if (found.session.stage === "active") {
        await touchSession(ctx, found.session);
        return { agent: presentAgent(found.agent, (await loadAgentAccess(ctx, found.agent)).mailboxIds), csrfToken: csrfTokenFor(ctx, cookie) };
      }
      return reply.status(401).send({
        error: { code: "unauthorized", message: "finish signing in (two-factor) first" },
        status: statusOf[found.session.stage], csrfToken: csrfTokenFor(ctx, cookie),
      });
    }
    // An unknown well-formed id keeps serving as the pre-session (tabs agree on one token); an ended session's id does not.
    const preSession = cookie && found.kind === "missing" && isWellFormedSessionId(cookie) ? cookie : newSessionId();
    if (preSession !== cookie) setSessionCookie(req, reply, preSession);
    return reply.status(401).send({ error: { code: "unauthorized", message: "sign in first" }, csrfToken: csrfTokenFor(ctx, preSession) });
  });

  // POST /api/session — rate limit (IP, e-mail) → pre-session CSRF → password → new session id
  app.post("/api/session", async (req, reply) => {
    const ctx = requestCtx(base, req);
    const previous = requirePreSession(ctx, req);
    const { email, password } = signInBody.parse(req.body);
    // The account's budget is spent only by requests the address limit let through: a blocked client
    // cannot use up (or, by sheer numbers, evict) someone else's.
    const ipOk = signInPerIp.take(`ip:${clientKey(req.ip)}`);
    const emailOk = ipOk && signInPerEmail.take(`email:${email.trim().toLowerCase()}`);
    if (!ipOk || !emailOk) {
      await recordAudit(ctx, "session.rate_limited", { email: email.trim().toLowerCase(), ip: req.ip, by: ipOk ? "email" : "ip" }, { kind: "anonymous", id: null });
      throw new AppError("rate_limited", "too many sign-in attempts; wait a few minutes");
    }
    const result = await signInWithPassword(ctx, { email, password, previousSessionId: previous, client: clientOf(req) });
    return answerSignIn(ctx, req, reply, result);
  });

  // POST /api/session/totp — password-accepted session → rate limit per agent → code or recovery code → signed in
  app.post("/api/session/totp", async (req, reply) => {
    const { ctx, sessionId, session } = await authenticate(base, req, { stages: ["totp"], beforePasswordChange: true });
    const body = totpBody.parse(req.body);
    const agentId = session!.agentId;
    if (codeFailures.isBlocked(agentId)) {
      await recordAudit(ctx, "session.rate_limited", { ip: req.ip, by: "totp" });
      throw new AppError("rate_limited", "too many wrong codes; wait a few minutes");
    }
    const result = await countFailure(codeFailures, agentId, completeTwoFactor(ctx, {
      sessionId: sessionId!, agentId, client: clientOf(req),
      ...("code" in body ? { code: body.code } : { recoveryCode: body.recoveryCode }),
    }));
    return answerSignIn(ctx, req, reply, result);
  });

  // POST /api/session/totp/enrol — during sign-in when enrolment is required, or later from settings
  app.post("/api/session/totp/enrol", async (req) => {
    const { ctx } = await authenticate(base, req, { stages: ["enrol", "active"], beforePasswordChange: true });
    const { currentPassword } = enrolBody.parse(req.body ?? {});
    return startTotpEnrolment(ctx, ctx.actor.id!, { currentPassword });
  });

  // POST /api/session/totp/confirm — a code from the new secret → enabled, recovery codes (shown once)
  app.post("/api/session/totp/confirm", async (req, reply) => {
    const { ctx, sessionId, session } = await authenticate(base, req, { stages: ["enrol", "active"], beforePasswordChange: true });
    const { code } = confirmBody.parse(req.body);
    if (codeFailures.isBlocked(ctx.actor.id!)) throw new AppError("rate_limited", "too many wrong codes; wait a few minutes");
    const { recoveryCodes } = await countFailure(codeFailures, ctx.actor.id!, confirmTotpEnrolment(ctx, ctx.actor.id!, code));
    if (session?.stage === "enrol" && sessionId) {
      const result = await activateAfterEnrolment(ctx, { sessionId, agentId: ctx.actor.id!, client: clientOf(req) });
      return answerSignIn(ctx, req, reply, result, { recoveryCodes });
    }
    return { status: "signed_in", recoveryCodes, agent: await presentSelf(ctx), csrfToken: sessionId ? csrfTokenFor(ctx, sessionId) : null };
  });

  // DELETE /api/session — sign out (any stage)
  app.delete("/api/session", async (req, reply) => {
    const { ctx, sessionId } = await authenticate(base, req, { stages: ["active", "totp", "enrol"], beforePasswordChange: true });
    if (sessionId) await signOut(ctx, sessionId, ctx.actor.id!);
    clearSessionCookie(req, reply);
    return reply.status(204).send();
  });

  // POST /api/session/revoke-all — every session and API token of this agent, this one included
  app.post("/api/session/revoke-all", async (req, reply) => {
    const { ctx } = await authenticate(base, req, { beforePasswordChange: true });
    await signOutEverywhere(ctx, ctx.actor.id!);
    clearSessionCookie(req, reply);
    return reply.status(204).send();
  });
}

/** Wrong codes count towards the limit; a right one clears it. */
async function countFailure<T>(limiter: ReturnType<typeof createFailureLimiter>, key: string, attempt: Promise<T>): Promise<T> {
  try {
    const result = await attempt;
    limiter.clear(key);
    return result;
  } catch (err) {
    limiter.fail(key);
    throw err;
  }
}

const presentSelf = (ctx: Ctx) => presentAgentById(ctx, ctx.actor.id!);
