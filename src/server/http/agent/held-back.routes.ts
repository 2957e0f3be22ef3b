// Admins release a file the virus scan held back (modules/attachments/release-held-back.commands.ts).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { requireRole } from "../../modules/access/access.policy.ts";
import { releaseHeldBackFile } from "../../modules/attachments/release-held-back.commands.ts";
import { requireAgent } from "./require-agent.ts";

const body = z.object({ reason: z.string().max(1000) });
const params = z.object({ id: z.string().max(100), index: z.coerce.number().int().min(0).max(100_000) });

export function registerHeldBackRoutes(app: FastifyInstance, base: Ctx) {
  app.post("/api/messages/:id/held-back/:index/release", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    await requireRole(ctx, "admin");
    const { id, index } = params.parse(req.params);
    const { reason } = body.parse(req.body ?? {});
    return reply.status(201).send(await releaseHeldBackFile(ctx, id, index, reason));
  });
}
