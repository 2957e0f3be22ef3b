import type { Ctx } from "../context.ts";

export async function findOutboundMail(ctx: Ctx, id: string) {
  return ctx.db.selectFrom("outbound_mail").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findOutboundByMessageId(ctx: Ctx, messageIdHeader: string) {
  return ctx.db.selectFrom("outbound_mail").selectAll().where("message_id_header", "=", messageIdHeader).executeTakeFirst();
}

export async function listOutboundMail(ctx: Ctx, opts: { status?: string; limit?: number; ticketId?: string } = {}) {
  let q = ctx.db.selectFrom("outbound_mail").selectAll().orderBy("created_at", "desc").orderBy("id", "desc").limit(opts.limit ?? 100);
  if (opts.status) q = q.where("status", "=", opts.status);
  if (opts.ticketId) q = q.where("ticket_id", "=", opts.ticketId);
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
