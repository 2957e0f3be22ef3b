// Agent API for what came in and what went out: intake records, dead letters, replay, outbox. Each
// agent and auditor sees the records of their own mailboxes (admins and supervisors: all).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { replayInbound } from "../../ingest/replay.ts";
import { assertCanWrite, canSeeMailbox, mailboxScope } from "../../modules/access/access.policy.ts";
import { recordAudit } from "../../modules/audit/audit.commands.ts";
import { AppError } from "../../errors.ts";
import { findIntake, listIntake } from "../../modules/inbound/inbound.repo.ts";
import { presentIntake } from "../../modules/inbound/intake.present.ts";
import { listOutboundMail } from "../../outbound/outbound-mail.repo.ts";
import { presentOutboundMail } from "../../outbound/outbound-mail.present.ts";
import { requireAgent } from "./require-agent.ts";

const intakeQuery = z.object({
  status: z.enum(["pending", "processed", "dropped", "diverted", "dead"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const outboxQuery = z.object({ status: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

export function registerIntakeRoutes(app: FastifyInstance, base: Ctx) {
  app.get("/api/intake", async (req) => {
    const ctx = await requireAgent(base, req);
    return { items: await presentIntake(ctx, await listIntake(ctx, { ...intakeQuery.parse(req.query), mailboxIds: mailboxScope(ctx) })) };
  });
  app.get("/api/dead-letters", async (req) => {
    const ctx = await requireAgent(base, req);
    return { items: await presentIntake(ctx, await listIntake(ctx, { status: "dead", mailboxIds: mailboxScope(ctx) })) };
  });
  app.post<{ Params: { id: string } }>("/api/dead-letters/:id/replay", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    assertCanWrite(ctx);
    const row = await findIntake(ctx, req.params.id);
    if (row && !canSeeMailbox(ctx, row.mailbox_id ?? "")) {
      await recordAudit(ctx, "access.denied", { resource: "intake", intakeId: row.id, mailboxId: row.mailbox_id });
      throw new AppError("not_found", "no such intake record");
    }
    // Dead letters only here (dropped or diverted mail is replayed by an operator: `paydesk dead-letters replay`).
    if (row && row.status !== "dead") throw new AppError("conflict", `message is ${row.status}, not a dead letter`);
    await replayInbound(ctx, req.params.id);
    return reply.status(202).send({ replayed: req.params.id });
  });
  app.get("/api/outbox", async (req) => {
    const ctx = await requireAgent(base, req);
    const q = outboxQuery.parse(req.query);
    const rows = await listOutboundMail(ctx, { ...q, mailboxIds: mailboxScope(ctx) });
    return { items: await presentOutboundMail(ctx, rows) };
  });
}
