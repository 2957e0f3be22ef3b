// The agent's own account: forgotten password, reset, profile, password change.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { presentAgent } from "../../modules/agents/agent.present.ts";
import { requestPasswordReset, resetPassword } from "../../modules/agents/password-reset.commands.ts";
import { changePassword, updateProfile } from "../../modules/agents/profile.commands.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";
import { requestCtx } from "../request-ctx.ts";
import { authenticate, checkCsrfWhenCookie } from "./require-agent.ts";
import { clientKey } from "../../security/client-key.ts";

const forgotBody = z.object({ email: z.string().min(3).max(320) });
const resetBody = z.object({ token: z.string().min(10).max(200), password: z.string().min(1).max(1024) });
const profileBody = z.object({ name: z.string().min(1).max(200).optional(), language: z.enum(["zh-CN", "en"]).optional() }).strict();
const passwordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) });

export function registerAccountRoutes(app: FastifyInstance, base: Ctx) {
  const now = () => base.clock.now().getTime();
  const forgotPerIp = createRateLimiter(10, 60 * 60_000, now);
  const forgotPerEmail = createRateLimiter(3, 60 * 60_000, now);
  const resetPerIp = createRateLimiter(20, 10 * 60_000, now);

  // POST /api/password/forgot — rate limit → 202 whether or not the account exists
  app.post("/api/password/forgot", async (req, reply) => {
    const ctx = requestCtx(base, req);
    checkCsrfWhenCookie(ctx, req);
    if (!forgotPerIp.take(clientKey(req.ip))) throw new AppError("rate_limited", "too many requests; wait a while");
    const { email } = forgotBody.parse(req.body);
    // Over the per-address limit the answer is the same, but no more mail goes out (no mail bombing).
    if (forgotPerEmail.take(email.trim().toLowerCase())) await requestPasswordReset(ctx, email, { ip: req.ip });
    return reply.status(202).send({ accepted: true });
  });

  // POST /api/password/reset — rate limit → single-use token → new password
  app.post("/api/password/reset", async (req, reply) => {
    const ctx = requestCtx(base, req);
    checkCsrfWhenCookie(ctx, req);
    if (!resetPerIp.take(clientKey(req.ip))) throw new AppError("rate_limited", "too many requests; wait a while");
    const { token, password } = resetBody.parse(req.body);
    await resetPassword(ctx, token, password);
    return reply.status(204).send();
  });

  // PATCH /api/me — name, language
  app.patch("/api/me", async (req) => {
    const { ctx } = await authenticate(base, req);
    const patch = profileBody.parse(req.body);
    const agent = await updateProfile(ctx, ctx.actor.id!, patch);
    return { agent: presentAgent(agent, ctx.actor.agent!.mailboxIds) };
  });

  // POST /api/me/password — current password → policy → new hash; other sessions end
  app.post("/api/me/password", async (req, reply) => {
    const { ctx, sessionId } = await authenticate(base, req, { beforePasswordChange: true });
    const body = passwordBody.parse(req.body);
    await changePassword(ctx, ctx.actor.id!, { currentPassword: body.currentPassword, newPassword: body.newPassword, keepSessionId: sessionId });
    return reply.status(204).send();
  });
}
