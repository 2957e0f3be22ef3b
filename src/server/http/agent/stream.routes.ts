// GET /api/stream — server-sent events for live consoles, filtered to the mailboxes the agent may see.
// The caller is checked again at every keepalive: a stream ends with its session or token (sign-out,
// disabling, expiry), and follows the agent's mailboxes as an admin changes them.
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { mailboxScope } from "../../modules/access/access.policy.ts";
import type { ChangeFeed } from "../../realtime/change-feed.ts";
import { authenticate } from "./require-agent.ts";

const KEEPALIVE_MS = 15_000;

export function registerStreamRoutes(app: FastifyInstance, base: Ctx, feed: ChangeFeed, keepaliveMs = KEEPALIVE_MS) {
  app.get("/api/stream", async (req, reply) => {
    let scope = mailboxScope((await authenticate(base, req)).ctx);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Accel-Buffering": "no",
    });
    res.write(": connected\n\n");
    const unsubscribe = feed.subscribe((event) => {
      if (scope !== "all" && !scope.includes(event.mailboxId)) return;
      res.write(`event: ${event.type}\ndata: ${JSON.stringify({ ticketId: event.ticketId, ref: event.ref })}\n\n`);
    });
    const keepalive = setInterval(() => {
      authenticate(base, req, { touch: false })
        .then((caller) => {
          scope = mailboxScope(caller.ctx);
          res.write(": keepalive\n\n");
        })
        .catch(() => res.end());
    }, keepaliveMs);
    req.raw.on("close", () => {
      clearInterval(keepalive);
      unsubscribe();
    });
  });
}
