import type { Ctx } from "../context.ts";

export async function findOutboundMail(ctx: Ctx, id: string) {
  return ctx.db.selectFrom("outbound_mail").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findOutboundByMessageId(ctx: Ctx, messageIdHeader: string) {
  return ctx.db.selectFrom("outbound_mail").selectAll().where("message_id_header", "=", messageIdHeader).executeTakeFirst();
}

/** `mailboxIds`: only mail about tickets of these mailboxes ("all" by default: mail about no ticket too). */
export async function listOutboundMail(ctx: Ctx, opts: { status?: string; limit?: number; ticketId?: string; mailboxIds?: string[] | "all" } = {}) {
  const scope = opts.mailboxIds ?? "all";
  if (scope !== "all" && scope.length === 0) return [];
  let q = ctx.db.selectFrom("outbound_mail").selectAll("outbound_mail")
    .orderBy("outbound_mail.created_at", "desc").orderBy("outbound_mail.id", "desc").limit(opts.limit ?? 100);
  if (opts.status) q = q.where("outbound_mail.status", "=", opts.status);
  if (opts.ticketId) q = q.where("outbound_mail.ticket_id", "=", opts.ticketId);
  if (scope !== "all") {
    q = q.where("outbound_mail.ticket_id", "in", (eb) => eb.selectFrom("tickets").select("tickets.id").where("tickets.mailbox_id", "in", scope));
  }
  return q.execute();
}

/** How many acknowledgements went to an address since a time (the per-address hourly cap). */
export async function countAcknowledgementsSince(ctx: Ctx, address: string, sinceIso: string): Promise<number> {
  const row = await ctx.db.selectFrom("outbound_mail")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("to_address", "=", address.toLowerCase())
    .where("kind", "=", "acknowledgement")
    .where("created_at", ">=", sinceIso)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
