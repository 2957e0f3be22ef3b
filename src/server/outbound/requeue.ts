// `paydesk outbox retry`: mail that failed for good (refused, given up after 5 days, bounced) queued again
// by hand — after the relay's settings were fixed, or once the customer's mailbox has room again. It
// gets a new delivery job and a fresh five days of retries; the ticket records it.
import { inTransaction, nowIso, type Ctx } from "../context.ts";
import { newId } from "../ids.ts";
import { enqueueJob } from "../jobs/enqueue.ts";
import { recordEvent } from "../modules/events/event.commands.ts";
import { deliverMailSpec, deliveryJobKeyPrefix } from "./queue.ts";

const RETRYABLE = ["failed", "bounced"];

/** `queued`, or the status that kept it from being queued again ("missing" for no such message). */
export async function requeueOutboundMail(ctx: Ctx, outboundId: string): Promise<{ queued: true } | { queued: false; status: string }> {
  return inTransaction(ctx, async (tx) => {
    const updated = await tx.db.updateTable("outbound_mail")
      .set({ status: "queued", attempts: 0, first_attempt_at: null, next_attempt_at: nowIso(tx) })
      .where("id", "=", outboundId).where("status", "in", RETRYABLE).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      const row = await tx.db.selectFrom("outbound_mail").select("status").where("id", "=", outboundId).executeTakeFirst();
      return { queued: false, status: row?.status ?? "missing" };
    }
    await enqueueJob(tx, deliverMailSpec, { outboundId }, { dedupeKey: `${deliveryJobKeyPrefix(outboundId)}retry-${newId()}` });
    const mail = await tx.db.selectFrom("outbound_mail").select(["ticket_id", "kind", "to_address"]).where("id", "=", outboundId).executeTakeFirstOrThrow();
    if (mail.ticket_id) await recordEvent(tx, "mail.queued", mail.ticket_id, { outboundId, kind: mail.kind, to: mail.to_address, retry: true });
    return { queued: true };
  });
}

/** Ids of every message that failed for good (not bounced: a bounce is the recipient's answer). */
export async function failedOutboundIds(ctx: Ctx): Promise<string[]> {
  const rows = await ctx.db.selectFrom("outbound_mail").select("id").where("status", "=", "failed").orderBy("created_at").orderBy("id").execute();
  return rows.map((r) => r.id);
}
