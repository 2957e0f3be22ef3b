import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { issueToken } from "../../modules/agents/agent.commands.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";
import { AppError } from "../../errors.ts";
import { requestCtx } from "../request-ctx.ts";

const body = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(128) });

export function registerAuthRoutes(app: FastifyInstance, ctx: Ctx) {
  const limiter = createRateLimiter(10, 60_000, () => ctx.clock.now().getTime());
  // POST /api/auth/token — rate limit per IP → validate → check password → token
  app.post("/api/auth/token", async (req) => {
    if (!limiter.take(req.ip)) throw new AppError("rate_limited", "too many sign-in attempts, wait a minute");
    const { email, password } = body.parse(req.body);
    return issueToken(requestCtx(ctx, req), email, password);
  });
}
