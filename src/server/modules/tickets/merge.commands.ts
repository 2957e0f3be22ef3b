// Merging two tickets of one customer: the source's conversation moves to the target, the source closes
// and keeps a pointer so later mail for it (reply tokens, Message-IDs, subject numbers) lands on the target.
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { recordEvent } from "../events/event.commands.ts";
import { moveSearchDocs } from "../search/search.commands.ts";
import { formatTicketNumber } from "./ticket.ts";
import { findTicketById, listParticipants, replaceTicketTags } from "./ticket.repo.ts";

export type MergeResult = { targetId: string; movedMessages: number; addedParticipants: number };

export async function mergeTickets(ctx: Ctx, sourceId: string, targetId: string): Promise<MergeResult> {
  if (sourceId === targetId) throw new AppError("invalid_input", "a ticket cannot be merged into itself");
  const prefix = ctx.services.config.ticketPrefix;
  return inTransaction(ctx, async (tx) => {
    const [source, target] = await Promise.all([findTicketById(tx, sourceId), findTicketById(tx, targetId)]);
    if (!source || !target) throw new AppError("not_found", "ticket not found");
    const sourceRef = formatTicketNumber(prefix, source.number);
    const targetRef = formatTicketNumber(prefix, target.number);
    if (source.customer_id !== target.customer_id) {
      throw new AppError("conflict", `${sourceRef} and ${targetRef} belong to different customers; only tickets of the same customer can be merged`);
    }
    const now = nowIso(tx);

    // Claim both rows with guarded updates: a concurrent merge of either ticket waits on the row and then finds nothing to claim.
    const sourceTags = [...new Set([...(JSON.parse(source.tags_json) as string[]), "merged"])].sort();
    const claimed = await tx.db.updateTable("tickets")
      .set({ status: "closed", merged_into_id: target.id, tags_json: JSON.stringify(sourceTags), updated_at: now })
      .where("id", "=", source.id).where("merged_into_id", "is", null).executeTakeFirst();
    if (claimed.numUpdatedRows !== 1n) throw new AppError("conflict", `${sourceRef} has already been merged into another ticket`);
    await replaceTicketTags(tx, { id: source.id, mailboxId: source.mailbox_id }, sourceTags);
    const lastCustomerAt = [source.last_customer_message_at, target.last_customer_message_at].filter((x): x is string => !!x).sort().pop() ?? null;
    const kept = await tx.db.updateTable("tickets")
      .set({ updated_at: now, last_customer_message_at: lastCustomerAt })
      .where("id", "=", target.id).where("merged_into_id", "is", null).executeTakeFirst();
    if (kept.numUpdatedRows !== 1n) throw new AppError("conflict", `${targetRef} has been merged into another ticket; merge into that one instead`);

    // Attachments hang off their messages, so they follow without being touched.
    const moved = await tx.db.updateTable("messages").set({ ticket_id: target.id }).where("ticket_id", "=", source.id).executeTakeFirst();
    await tx.db.updateTable("outbound_mail").set({ ticket_id: target.id }).where("ticket_id", "=", source.id).execute();
    await tx.db.updateTable("inbound").set({ ticket_id: target.id }).where("ticket_id", "=", source.id).execute();
    // Tickets merged into the source earlier now point straight at the survivor.
    await tx.db.updateTable("tickets").set({ merged_into_id: target.id }).where("merged_into_id", "=", source.id).execute();

    const addedParticipants = await moveParticipants(tx, source.id, target.id);
    await moveSearchDocs(tx, source.id, target.id);

    const movedMessages = Number(moved.numUpdatedRows);
    await recordEvent(tx, "ticket.merged", target.id, { sourceId: source.id, sourceNumber: sourceRef, movedMessages, addedParticipants });
    await recordEvent(tx, "ticket.merged_into", source.id, { targetId: target.id, targetNumber: targetRef, previousStatus: source.status });
    return { targetId: target.id, movedMessages, addedParticipants };
  });
}

/** Adds the source's participants the target lacks; the target keeps its own requester. */
async function moveParticipants(ctx: Ctx, sourceId: string, targetId: string): Promise<number> {
  const [from, to] = await Promise.all([listParticipants(ctx, sourceId), listParticipants(ctx, targetId)]);
  const present = new Set(to.map((p) => p.address));
  const targetHasRequester = to.some((p) => p.role === "requester");
  const now = nowIso(ctx);
  let added = 0;
  for (const p of from) {
    if (present.has(p.address)) continue;
    await ctx.db.insertInto("ticket_participants")
      .values({ ticket_id: targetId, address: p.address, role: targetHasRequester ? "cc" : p.role, created_at: now })
      .onConflict((oc) => oc.columns(["ticket_id", "address"]).doNothing()).execute();
    added += 1;
  }
  await ctx.db.deleteFrom("ticket_participants").where("ticket_id", "=", sourceId).execute();
  return added;
}
