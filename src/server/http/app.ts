// The HTTP edge: one Fastify app, routes per audience, every error mapped in one place.
import Fastify, { type FastifyInstance } from "fastify";
import { ZodError } from "zod";
import type { Ctx } from "../context.ts";
import { isAppError } from "../errors.ts";
import { registerAuthRoutes } from "./agent/auth.routes.ts";
import { registerIntakeRoutes } from "./agent/intake.routes.ts";
import { registerTicketRoutes } from "./agent/tickets.routes.ts";
import { registerInboundMimeHook } from "./hooks/inbound-mime.routes.ts";
import { registerTrackingRoutes } from "./portal/tracking.routes.ts";

export async function buildHttpApp(ctx: Ctx): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    genReqId: () => crypto.randomUUID(),
  });

  app.addHook("onSend", async (_req, reply, payload) => {
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("Referrer-Policy", "no-referrer");
    reply.header("X-Frame-Options", "DENY");
    reply.header("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    return payload;
  });

  app.setErrorHandler((err, req, reply) => {
    if (isAppError(err)) return reply.status(err.status).send({ error: { code: err.code, message: err.message } });
    if (err instanceof ZodError) {
      return reply.status(400).send({ error: { code: "invalid_input", message: err.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") } });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return reply.status(status).send({ error: { code: "invalid_input", message: (err as Error).message } });
    ctx.log.error({ err: (err as Error).message, requestId: req.id }, "request failed");
    return reply.status(500).send({ error: { code: "internal", message: "internal error", requestId: req.id } });
  });

  app.get("/healthz", async () => ({ ok: true }));
  registerAuthRoutes(app, ctx);
  registerTicketRoutes(app, ctx);
  registerIntakeRoutes(app, ctx);
  registerInboundMimeHook(app, ctx);
  registerTrackingRoutes(app, ctx);
  return app;
}
