// Intake records: every message any channel accepted, with its outcome. Dead letters live here.
import type { Ctx } from "../../context.ts";

export type IntakeStatus = "pending" | "processed" | "dropped" | "diverted" | "dead";

export async function listIntake(ctx: Ctx, opts: { status?: IntakeStatus; limit?: number } = {}) {
  let q = ctx.db.selectFrom("inbound")
    .select(["id", "channel", "mailbox_id", "message_id_header", "from_address", "size", "status", "reason", "ticket_id", "attempts", "received_at", "processed_at"])
    .orderBy("received_at", "desc").orderBy("id", "desc").limit(Math.min(opts.limit ?? 100, 500));
  if (opts.status) q = q.where("status", "=", opts.status);
  return q.execute();
}

export async function findIntake(ctx: Ctx, id: string) {
  return ctx.db.selectFrom("inbound").selectAll().where("id", "=", id).executeTakeFirst();
}
