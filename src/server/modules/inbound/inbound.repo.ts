// Intake records: every message any channel accepted, with its outcome. Dead letters live here.
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";

export type IntakeStatus = "pending" | "processed" | "dropped" | "diverted" | "dead";

/** `mailboxIds`: only these mailboxes' records ("all" by default: the CLI, the system). */
export async function listIntake(ctx: Ctx, opts: { status?: IntakeStatus; limit?: number; mailboxIds?: string[] | "all" } = {}) {
  const scope = opts.mailboxIds ?? "all";
  if (scope !== "all" && scope.length === 0) return [];
  let q = ctx.db.selectFrom("inbound")
    .select(["id", "channel", "mailbox_id", "message_id_header", "from_address", "size", "status", "reason", "ticket_id", "attempts", "received_at", "processed_at"])
    .orderBy("received_at", "desc").orderBy("id", "desc").limit(Math.min(opts.limit ?? 100, 500));
  if (opts.status) q = q.where("status", "=", opts.status);
  if (scope !== "all") q = q.where("mailbox_id", "in", scope);
  return q.execute();
}

export async function findIntake(ctx: Ctx, id: string) {
  return ctx.db.selectFrom("inbound").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Ids of the sender's messages received before this one and not yet processed (at most the last 50). */
export async function earlierPendingOfSender(ctx: Ctx, inboundId: string): Promise<string[]> {
  const row = await ctx.db.selectFrom("inbound").select(["from_address", "received_at"]).where("id", "=", inboundId).executeTakeFirst();
  if (!row?.from_address) return [];
  const earlier = await ctx.db.selectFrom("inbound").select("id")
    .where("from_address", "=", row.from_address).where("status", "=", "pending")
    .where((eb) => eb.or([eb("received_at", "<", row.received_at), eb.and([eb("received_at", "=", row.received_at), eb("id", "<", inboundId)])]))
    .orderBy("received_at", "desc").limit(50)
    .execute();
  return earlier.map((e) => e.id);
}

/**
 * Pending records received before `beforeIso` that no queued or running job will process (their job
 * died): nothing would ever take them in, so the status page says so and a replay may requeue them.
 * Processing jobs carry the record's id in their dedupe key (`inbound:<id>:<n>`).
 */
export async function listOrphanedPending(ctx: Ctx, opts: { beforeIso: string; inboundId?: string; limit?: number }) {
  let q = ctx.db.selectFrom("inbound").select(["id", "received_at"])
    .where("status", "=", "pending").where("received_at", "<", opts.beforeIso)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("jobs").select("jobs.id")
      .where("jobs.kind", "=", "inbound.process").where("jobs.status", "in", ["queued", "running"])
      .where(sql<boolean>`jobs.dedupe_key like 'inbound:' || inbound.id || ':%'`))))
    .orderBy("received_at").limit(opts.limit ?? 100);
  if (opts.inboundId) q = q.where("id", "=", opts.inboundId);
  return q.execute();
}
