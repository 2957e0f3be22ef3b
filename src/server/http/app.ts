// The HTTP edge: one Fastify app, routes per audience, every error mapped in one place.
import Fastify, { type FastifyInstance } from "fastify";
import { ZodError } from "zod";
import type { Ctx } from "../context.ts";
import { isAppError } from "../errors.ts";
import cookie from "@fastify/cookie";
import { registerAuthRoutes } from "./agent/auth.routes.ts";
import { registerAccountRoutes } from "./agent/account.routes.ts";
import { registerAgentsRoutes } from "./agent/agents.routes.ts";
import { registerSessionRoutes } from "./agent/session.routes.ts";
import { registerCannedRoutes } from "./agent/canned.routes.ts";
import { registerCustomerRoutes } from "./agent/customers.routes.ts";
import { registerIntakeRoutes } from "./agent/intake.routes.ts";
import { registerMailStatusRoutes } from "./agent/mail-status.routes.ts";
import { registerMessageHtmlRoutes } from "./agent/message-html.routes.ts";
import { registerStreamRoutes } from "./agent/stream.routes.ts";
import { registerTicketMessageRoutes } from "./agent/ticket-messages.routes.ts";
import { registerOriginalRoutes } from "./agent/original.routes.ts";
import { registerHeldBackRoutes } from "./agent/held-back.routes.ts";
import { registerSearchRoutes } from "./agent/search.routes.ts";
import { registerTicketRoutes } from "./agent/tickets.routes.ts";
import { registerTicketActionRoutes } from "./agent/ticket-actions.routes.ts";
import { createChangeFeed } from "../realtime/change-feed.ts";
import { registerInboundMimeHook } from "./hooks/inbound-mime.routes.ts";
import { registerPortalAssetRoutes } from "./portal/assets.routes.ts";
import { registerTrackingRoutes } from "./portal/tracking.routes.ts";
import { registerHelpCentreRoutes } from "./portal/help-centre.routes.ts";
import { registerContactRoutes } from "./portal/contact.routes.ts";
import { registerHelpCentreAdminRoutes } from "./agent/help-centre-admin.routes.ts";
import { registerEvidenceRoutes } from "./portal/evidence.routes.ts";
import { registerTicketExportRoutes } from "./agent/ticket-export.routes.ts";
import { registerConsoleRoutes } from "./console/console.routes.ts";

export type HttpAppOptions = {
  /** How often a live stream says it is alive and re-checks its caller (15 s). */
  streamKeepaliveMs?: number;
};

export async function buildHttpApp(ctx: Ctx, options: HttpAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    // Behind a reverse proxy, only the configured proxies' X-Forwarded-For/-Proto are believed.
    trustProxy: ctx.services.config.http.trustProxy.length ? ctx.services.config.http.trustProxy : false,
    genReqId: () => crypto.randomUUID(),
  });

  // Served over HTTPS (here, or at the proxy in front, as the public URL says): cookies are Secure and
  // browsers are told to come back over HTTPS only.
  const publicHttps = new URL(ctx.services.config.publicUrl).protocol === "https:";
  app.addHook("onRequest", async (req) => {
    req.servedOverHttps = publicHttps || req.protocol === "https";
  });

  app.addHook("onSend", async (req, reply, payload) => {
    reply.header("X-Content-Type-Options", "nosniff");
    if (req.servedOverHttps) reply.header("Strict-Transport-Security", "max-age=31536000");
    // API answers carry tickets, customers and CSRF tokens: no browser or proxy keeps them unless a route says so.
    if (!reply.hasHeader("Cache-Control") && (req.url.startsWith("/api/") || req.url.startsWith("/hooks/"))) reply.header("Cache-Control", "no-store");
    reply.header("Referrer-Policy", "no-referrer");
    // Routes that need their own framing or CSP (the message frame) set them; everything else gets the strict default.
    if (!reply.hasHeader("X-Frame-Options")) reply.header("X-Frame-Options", "DENY");
    if (!reply.hasHeader("Content-Security-Policy")) reply.header("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
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

  // Parses cookies for the console session (session-cookie.ts sets them).
  await app.register(cookie);
  app.get("/healthz", async () => ({ ok: true }));
  registerAuthRoutes(app, ctx);
  registerSessionRoutes(app, ctx);
  registerAccountRoutes(app, ctx);
  registerAgentsRoutes(app, ctx);
  registerTicketRoutes(app, ctx);
  registerTicketActionRoutes(app, ctx);
  registerSearchRoutes(app, ctx);
  registerCustomerRoutes(app, ctx);
  registerCannedRoutes(app, ctx);
  registerTicketMessageRoutes(app, ctx);
  registerMessageHtmlRoutes(app, ctx);
  registerOriginalRoutes(app, ctx);
  registerHeldBackRoutes(app, ctx);
  const feed = createChangeFeed(ctx);
  app.addHook("onClose", async () => feed.close());
  registerStreamRoutes(app, ctx, feed, options.streamKeepaliveMs);
  registerIntakeRoutes(app, ctx);
  registerMailStatusRoutes(app, ctx);
  registerInboundMimeHook(app, ctx);
  registerTrackingRoutes(app, ctx);
  registerHelpCentreRoutes(app, ctx);
  // After the help centre: its /faq/suggest, when it has one, takes precedence over the contact page's own.
  registerContactRoutes(app, ctx);
  registerHelpCentreAdminRoutes(app, ctx);
  registerEvidenceRoutes(app, ctx);
  registerTicketExportRoutes(app, ctx);
  registerPortalAssetRoutes(app);
  registerConsoleRoutes(app);
  return app;
}
