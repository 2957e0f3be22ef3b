// Puts a dead (or diverted) message back through the pipeline, e.g. after a fix; also a pending one
// whose processing job is gone, which nothing else would ever take in.
import { inTransaction, nowIso, type Ctx } from "../context.ts";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import { enqueueJob } from "../jobs/enqueue.ts";
import { resolveAlert } from "../modules/alerts/alert.commands.ts";
import { recordEvent } from "../modules/events/event.commands.ts";
import { findIntake, listOrphanedPending } from "../modules/inbound/inbound.repo.ts";
import { processInboundSpec, processJobKeyPrefix } from "./accept.ts";
import { DEAD_LETTER_ALERT } from "./pipeline.ts";

export async function replayInbound(ctx: Ctx, inboundId: string): Promise<void> {
  const row = await findIntake(ctx, inboundId);
  if (!row) throw new AppError("not_found", "no such intake record");
  // Held: waiting for its sender's confirmation (web form), which a replay must not skip.
  const orphaned = row.status === "pending" && (await listOrphanedPending(ctx, { beforeIso: nowIso(ctx), inboundId })).length > 0;
  if ((row.status === "processed" || row.status === "pending" || row.status === "held") && !orphaned) {
    throw new AppError("conflict", `message is ${row.status}; only dead, dropped or diverted messages (or pending ones with no job left) can be replayed`);
  }
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable("inbound").set({ status: "pending", reason: null, attempts: 0, processed_at: null }).where("id", "=", inboundId).execute();
    await enqueueJob(tx, processInboundSpec, { inboundId, sender: row.from_address }, { dedupeKey: `${processJobKeyPrefix(inboundId)}${newId()}` });
    await recordEvent(tx, "inbound.replayed", row.ticket_id, { inboundId, previousStatus: row.status, previousReason: row.reason });
  });
  const deadLeft = await ctx.db.selectFrom("inbound").select("id").where("status", "=", "dead").limit(1).executeTakeFirst();
  if (!deadLeft) await resolveAlert(ctx, DEAD_LETTER_ALERT);
  ctx.services.wakeWorker();
}
