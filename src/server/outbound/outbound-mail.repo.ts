import type { Ctx } from "../context.ts";
import { addressKey } from "../ingest/address-key.ts";

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
    .where("address_key", "=", addressKey(address))
    .where("kind", "=", "acknowledgement")
    .where("created_at", ">=", sinceIso)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Mail `paydesk outbox deliver` sends: kept in the outbox, queued (for a first try, a retry, or again by
 * `paydesk outbox retry`), or left "sending" by a run that died mid-send (a live sender's job lock makes
 * deliverNow answer "busy" for it). Oldest
 * first (a reply after the acknowledgement it follows), read a page at a time, so the caller may change
 * each row before the next page is read; with the ticket's number.
 */
export async function* eachUndeliveredMail(ctx: Ctx, pageSize = 100) {
  let after: { createdAt: string; id: string } | undefined;
  for (;;) {
    let q = ctx.db.selectFrom("outbound_mail").leftJoin("tickets", "tickets.id", "outbound_mail.ticket_id")
      .select(["outbound_mail.id", "outbound_mail.kind", "outbound_mail.to_address", "outbound_mail.created_at", "tickets.number as ticket_number"])
      .where("outbound_mail.status", "in", ["outboxed", "queued", "sending"])
      .orderBy("outbound_mail.created_at").orderBy("outbound_mail.id").limit(pageSize);
    const from = after;
    if (from) {
      q = q.where((eb) => eb.or([
        eb("outbound_mail.created_at", ">", from.createdAt),
        eb.and([eb("outbound_mail.created_at", "=", from.createdAt), eb("outbound_mail.id", ">", from.id)]),
      ]));
    }
    const page = await q.execute();
    yield* page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { createdAt: last.created_at, id: last.id };
  }
}
