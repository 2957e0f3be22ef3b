import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { issueToken } from "../../modules/agents/agent.commands.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";
import { AppError } from "../../errors.ts";
import { requestCtx } from "../request-ctx.ts";
import { clientKey } from "../../security/client-key.ts";

const body = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1024), totp: z.string().max(20).optional() });

export function registerAuthRoutes(app: FastifyInstance, ctx: Ctx) {
  const now = () => ctx.clock.now().getTime();
  const perIp = createRateLimiter(10, 60_000, now);
  const perEmail = createRateLimiter(10, 15 * 60_000, now);
  // POST /api/auth/token — rate limit per IP and e-mail → validate → password (+ TOTP when enabled) → token
  app.post("/api/auth/token", async (req) => {
    if (!perIp.take(clientKey(req.ip))) throw new AppError("rate_limited", "too many sign-in attempts, wait a minute");
    const { email, password, totp } = body.parse(req.body);
    if (!perEmail.take(email.trim().toLowerCase())) throw new AppError("rate_limited", "too many sign-in attempts for this account, wait a few minutes");
    return issueToken(requestCtx(ctx, req), email, password, totp, { requireEnrolment: true });
  });
}
