// Reads for an evidence export: the ticket, its customer, and only what the customer saw.
import type { Ctx } from "../../context.ts";

/** Directions the customer took part in; internal notes (and events) are never exported. */
export const CUSTOMER_VISIBLE_DIRECTIONS = ["inbound", "outbound"] as const;

export async function findExportTicket(ctx: Ctx, ticketId: string) {
  const ticket = await ctx.db.selectFrom("tickets").selectAll().where("id", "=", ticketId).executeTakeFirst();
  if (!ticket) return undefined;
  const customer = await ctx.db.selectFrom("customers").select(["id", "name"]).where("id", "=", ticket.customer_id).executeTakeFirst();
  const requester = await ctx.db.selectFrom("ticket_participants").select("address")
    .where("ticket_id", "=", ticketId).where("role", "=", "requester").orderBy("created_at").executeTakeFirst();
  return { ticket, customerName: customer?.name ?? null, customerAddress: requester?.address ?? null };
}

export async function listExportMessages(ctx: Ctx, ticketId: string) {
  return ctx.db.selectFrom("messages").selectAll()
    .where("ticket_id", "=", ticketId)
    .where("direction", "in", [...CUSTOMER_VISIBLE_DIRECTIONS])
    .orderBy("created_at").orderBy("id")
    .execute();
}

export async function listExportAttachments(ctx: Ctx, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return ctx.db.selectFrom("attachments").selectAll()
    .where("message_id", "in", messageIds)
    .where("agent_only", "=", 0)
    .orderBy("created_at").orderBy("id")
    .execute();
}
