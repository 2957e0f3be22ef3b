// Intake kept but not yet processed (status "held"): a web-form request waiting for its sender to confirm
// the address. Its one processing job is already scheduled for the deadline; releasing moves that job to
// now, and if the deadline comes first the same job records the request as unconfirmed. Nothing is lost
// silently either way.
import { inTransaction, nowIso, type Ctx } from "../context.ts";
import { enqueueJob } from "../jobs/enqueue.ts";
import { recordEvent } from "../modules/events/event.commands.ts";
import { processInboundSpec, processJobKeyPrefix } from "./accept.ts";
import type { Envelope } from "./inbound-message.ts";

/** The dedupe key of an intake row's processing job (as acceptInbound writes it). */
export const processingJobKey = (inboundId: string) => `${processJobKeyPrefix(inboundId)}0`;

export const UNCONFIRMED_REASON = "unconfirmed: the sender did not click the confirmation link in time";

/**
 * Lets a held message into the pipeline now. Answers false when it was not held (already released,
 * processed or expired); `amend` may add what the release proved to the envelope.
 */
export async function releaseHeldInbound(ctx: Ctx, inboundId: string, amend: (e: Envelope) => Envelope = (e) => e): Promise<boolean> {
  const released = await inTransaction(ctx, async (tx) => {
    const row = await tx.db.selectFrom("inbound").select(["status", "envelope_json", "from_address"]).where("id", "=", inboundId).executeTakeFirst();
    if (row?.status !== "held") return false;
    const envelope = amend(JSON.parse(row.envelope_json) as Envelope);
    // Guarded by status: a deadline run that got here first wins, and this changes nothing.
    const updated = await tx.db.updateTable("inbound").set({ status: "pending", reason: null, envelope_json: JSON.stringify(envelope) })
      .where("id", "=", inboundId).where("status", "=", "held").executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) return false;
    const moved = await tx.db.updateTable("jobs").set({ run_at: nowIso(tx), updated_at: nowIso(tx) })
      .where("dedupe_key", "=", processingJobKey(inboundId)).where("status", "=", "queued").executeTakeFirst();
    // A job already running (its deadline came) reads the row again and now finds it pending: it processes it.
    // Only a job that vanished (manual clean-up) needs a new one.
    if (moved.numUpdatedRows !== 1n) {
      const job = await tx.db.selectFrom("jobs").select("status").where("dedupe_key", "=", processingJobKey(inboundId)).executeTakeFirst();
      if (!job || job.status === "done" || job.status === "dead") {
        await enqueueJob(tx, processInboundSpec, { inboundId, sender: row.from_address }, { dedupeKey: `${processJobKeyPrefix(inboundId)}released` });
      }
    }
    return true;
  });
  if (released) ctx.services.wakeWorker();
  return released;
}

/** The deadline passed while still held: dropped, with the reason on the intake row and an event. */
export async function expireHeldInbound(ctx: Ctx, inboundId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const updated = await tx.db.updateTable("inbound").set({ status: "dropped", reason: UNCONFIRMED_REASON, processed_at: nowIso(tx) })
      .where("id", "=", inboundId).where("status", "=", "held").executeTakeFirst();
    if (updated.numUpdatedRows === 1n) await recordEvent(tx, "inbound.dropped", null, { inboundId, reason: UNCONFIRMED_REASON });
  });
}
