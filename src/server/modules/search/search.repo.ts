// The few lookups search needs outside its own index (private to the search module).
import type { Ctx } from "../../context.ts";

export async function findMessageTicketId(ctx: Ctx, messageId: string): Promise<string | undefined> {
  const row = await ctx.db.selectFrom("messages").select("ticket_id").where("id", "=", messageId).executeTakeFirst();
  return row?.ticket_id;
}

/** The ticket whose results a ticket's own document belongs to: itself, or the one it was merged into. */
export async function findOwningTicketId(ctx: Ctx, ticketId: string): Promise<string | undefined> {
  const row = await ctx.db.selectFrom("tickets").select(["id", "merged_into_id"]).where("id", "=", ticketId).executeTakeFirst();
  return row ? row.merged_into_id ?? row.id : undefined;
}

/** Ticket rows for a page of results, in the order asked for. */
export async function findTicketsInOrder(ctx: Ctx, ids: string[]) {
  if (!ids.length) return [];
  const rows = await ctx.db.selectFrom("tickets").selectAll().where("id", "in", ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
}
