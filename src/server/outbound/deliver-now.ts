// `paydesk outbox deliver`: one attempt, at once and in this process, for a kept (outboxed) message, one
// waiting for a (first or next) try, or one a dead sender left "sending". The attempt holds a delivery
// job like a worker's, so no worker sends the same message meanwhile, a crash here leaves it to the
// worker, and a deferral returns to its schedule.
import { sql } from "kysely";
import { inTransaction, nowIso, type Ctx } from "../context.ts";
import { newId } from "../ids.ts";
import { finishHeldJob, insertHeldJob, whileHolding } from "../jobs/held-job.ts";
import { deliverOutboundMail, nextRetryDelayMs, type DeliveryOutcome } from "./delivery.ts";
import { deliverMailSpec, deliveryJobKeyPrefix } from "./queue.ts";

/** `busy`: a worker is sending it right now, and this run leaves it to that worker. */
export type DeliverNowOutcome = DeliveryOutcome | { result: "busy" };

export async function deliverNow(ctx: Ctx, outboundId: string): Promise<DeliverNowOutcome> {
  const claim = await claimFromWorker(ctx, outboundId);
  if (claim === "busy") return { result: "busy" };
  if ("status" in claim) return { result: "skipped", status: claim.status };
  let outcome: DeliveryOutcome;
  try {
    outcome = await whileHolding(ctx, claim.jobId, () => deliverOutboundMail(ctx, outboundId));
  } catch (err) {
    // Not the relay's answer (a missing DKIM key file, the blob store): the worker tries again later.
    outcome = { result: "retry", at: new Date(ctx.clock.now().getTime() + nextRetryDelayMs(1)), error: (err as Error).message };
  }
  await finishHeldJob(ctx, claim.jobId,
    outcome.result === "retry" ? { status: "queued", runAt: outcome.at, error: outcome.error }
      : outcome.result === "failed" ? { status: "dead", error: outcome.error }
        : { status: "done" });
  return outcome;
}

/**
 * Takes the message's delivery over from the worker: its waiting jobs are withdrawn and one held by this
 * process replaces them. Both sides change a job only from `queued` (or a lock that ran out), so one of
 * them wins; the message's row is locked first, so two of these runs take turns. Delivery jobs carry the
 * message's id in their dedupe key (`deliver:<id>:<n>`).
 */
async function claimFromWorker(ctx: Ctx, outboundId: string): Promise<{ jobId: string } | { status: string } | "busy"> {
  return inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    // Writing the row unchanged locks it until commit (a row lock on PostgreSQL, the write lock on SQLite).
    const locked = await tx.db.updateTable("outbound_mail").set((eb) => ({ status: eb.ref("status") }))
      .where("id", "=", outboundId).where("status", "in", ["outboxed", "queued", "sending"]).executeTakeFirst();
    if (Number(locked.numUpdatedRows) === 0) {
      const row = await tx.db.selectFrom("outbound_mail").select("status").where("id", "=", outboundId).executeTakeFirst();
      return { status: row?.status ?? "missing" };
    }
    // The conditions a runner claims by, on the job rows themselves (PostgreSQL re-checks them after a wait).
    const ofThisMessage = sql<boolean>`kind = ${deliverMailSpec.kind} and dedupe_key like ${`${deliveryJobKeyPrefix(outboundId)}%`}`;
    await tx.db.updateTable("jobs").set({ status: "done", locked_until: null, last_error: "taken over by paydesk outbox deliver", updated_at: now })
      .where(ofThisMessage)
      .where((eb) => eb.or([eb("status", "=", "queued"), eb.and([eb("status", "=", "running"), eb("locked_until", "<", now)])]))
      .execute();
    const held = await tx.db.selectFrom("jobs").select("id").where(ofThisMessage).where("status", "=", "running").executeTakeFirst();
    if (held) return "busy";
    await tx.db.updateTable("outbound_mail").set({ status: "queued" }).where("id", "=", outboundId).execute();
    return { jobId: await insertHeldJob(tx, deliverMailSpec, { outboundId }, `${deliveryJobKeyPrefix(outboundId)}${newId()}`) };
  });
}
