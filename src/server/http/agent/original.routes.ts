// Auditors open the original of a received message (modules/inbound/original.commands.ts): POST, so the
// opening is a deliberate, CSRF-checked act with a reason, answered as a download that never renders.
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { requireRole } from "../../modules/access/access.policy.ts";
import { openOriginal, type Original } from "../../modules/inbound/original.commands.ts";
import { requireAgent } from "./require-agent.ts";

const body = z.object({ reason: z.string().max(1000) });

function sendOriginal(reply: FastifyReply, original: Original) {
  return reply
    .header("Content-Type", "application/octet-stream")
    .header("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(original.filename)}`)
    .header("Content-Security-Policy", "default-src 'none'; sandbox")
    .header("Cache-Control", "private, no-store")
    .header("X-Content-SHA256", original.sha256)
    .send(original.bytes);
}

export function registerOriginalRoutes(app: FastifyInstance, base: Ctx) {
  app.post<{ Params: { id: string } }>("/api/messages/:id/original", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    await requireRole(ctx, "auditor");
    const { reason } = body.parse(req.body ?? {});
    return sendOriginal(reply, await openOriginal(ctx, { messageId: req.params.id }, reason));
  });

  app.post<{ Params: { id: string } }>("/api/intake/:id/original", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    await requireRole(ctx, "auditor");
    const { reason } = body.parse(req.body ?? {});
    return sendOriginal(reply, await openOriginal(ctx, { inboundId: req.params.id }, reason));
  });
}
