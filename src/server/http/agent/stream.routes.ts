// GET /api/stream — server-sent events for live consoles, filtered to the mailboxes the agent may see.
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { mailboxScope } from "../../modules/access/access.policy.ts";
import type { ChangeFeed } from "../../realtime/change-feed.ts";
import { requireAgent } from "./require-agent.ts";

const KEEPALIVE_MS = 15_000;

export function registerStreamRoutes(app: FastifyInstance, base: Ctx, feed: ChangeFeed) {
  app.get("/api/stream", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    const scope = mailboxScope(ctx);
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
    const keepalive = setInterval(() => res.write(": keepalive\n\n"), KEEPALIVE_MS);
    req.raw.on("close", () => {
      clearInterval(keepalive);
      unsubscribe();
    });
  });
}
