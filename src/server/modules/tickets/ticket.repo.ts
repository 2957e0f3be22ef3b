// Ticket and message queries (private to the tickets module and its callers in ingest/http via commands).
import type { Ctx } from "../../context.ts";

export async function findTicketById(ctx: Ctx, id: string) {
  return ctx.db.selectFrom("tickets").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findTicketByNumber(ctx: Ctx, number: number) {
  return ctx.db.selectFrom("tickets").selectAll().where("number", "=", number).executeTakeFirst();
}

export async function isParticipant(ctx: Ctx, ticketId: string, address: string): Promise<boolean> {
  const row = await ctx.db.selectFrom("ticket_participants").select("address")
    .where("ticket_id", "=", ticketId).where("address", "=", address.toLowerCase()).executeTakeFirst();
  return !!row;
}

export async function listParticipants(ctx: Ctx, ticketId: string) {
  return ctx.db.selectFrom("ticket_participants").select(["address", "role"]).where("ticket_id", "=", ticketId).orderBy("created_at").execute();
}

/** The ticket a stored Message-ID belongs to, and whether it was a message we received or sent. */
export async function findMessageByHeaderId(ctx: Ctx, messageIdHeader: string) {
  return ctx.db.selectFrom("messages").select(["id", "ticket_id", "direction"])
    .where("message_id_header", "=", messageIdHeader).orderBy("created_at").executeTakeFirst();
}

export async function listTicketMessages(ctx: Ctx, ticketId: string) {
  return ctx.db.selectFrom("messages").selectAll().where("ticket_id", "=", ticketId).orderBy("created_at").orderBy("id").execute();
}

export async function listMessageAttachments(ctx: Ctx, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return ctx.db.selectFrom("attachments").selectAll().where("message_id", "in", messageIds).orderBy("created_at").execute();
}

export type TicketFilter = {
  status?: string[]; priority?: string; category?: string; assigneeId?: string | null; mailboxId?: string;
  customerId?: string; cursor?: { updatedAt: string; id: string }; limit: number;
};

/** Newest activity first, paged by (updated_at, id) so deep pages cost the same as the first. */
export async function listTickets(ctx: Ctx, f: TicketFilter) {
  let q = ctx.db.selectFrom("tickets").selectAll();
  if (f.status?.length) q = q.where("status", "in", f.status);
  if (f.priority) q = q.where("priority", "=", f.priority);
  if (f.category) q = q.where("category", "=", f.category);
  if (f.mailboxId) q = q.where("mailbox_id", "=", f.mailboxId);
  if (f.customerId) q = q.where("customer_id", "=", f.customerId);
  if (f.assigneeId === null) q = q.where("assignee_id", "is", null);
  else if (f.assigneeId) q = q.where("assignee_id", "=", f.assigneeId);
  if (f.cursor) {
    const { updatedAt, id } = f.cursor;
    q = q.where((eb) => eb.or([eb("updated_at", "<", updatedAt), eb.and([eb("updated_at", "=", updatedAt), eb("id", "<", id)])]));
  }
  return q.orderBy("updated_at", "desc").orderBy("id", "desc").limit(f.limit).execute();
}
