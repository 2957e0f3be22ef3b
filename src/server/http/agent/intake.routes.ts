// Agent API for what came in and what went out: intake records, dead letters, replay, outbox.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { replayInbound } from "../../ingest/replay.ts";
import { listIntake } from "../../modules/inbound/inbound.repo.ts";
import { listOutboundMail } from "../../outbound/outbound-mail.repo.ts";
import { requireAgent } from "./require-agent.ts";

const intakeQuery = z.object({
  status: z.enum(["pending", "processed", "dropped", "diverted", "dead"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const outboxQuery = z.object({ status: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

export function registerIntakeRoutes(app: FastifyInstance, base: Ctx) {
  app.get("/api/intake", async (req) => {
    const ctx = await requireAgent(base, req);
    return { items: await listIntake(ctx, intakeQuery.parse(req.query)) };
  });
  app.get("/api/dead-letters", async (req) => {
    const ctx = await requireAgent(base, req);
    return { items: await listIntake(ctx, { status: "dead" }) };
  });
  app.post<{ Params: { id: string } }>("/api/dead-letters/:id/replay", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    await replayInbound(ctx, req.params.id);
    return reply.status(202).send({ replayed: req.params.id });
  });
  app.get("/api/outbox", async (req) => {
    const ctx = await requireAgent(base, req);
    const q = outboxQuery.parse(req.query);
    const rows = await listOutboundMail(ctx, q);
    return { items: rows.map(({ raw_blob_key: _k, ...r }) => r) };
  });
}
