// Queries on tracking links (private to the tracking module).
import type { Ctx } from "../../context.ts";
import type { TrackingLinksTable } from "../../db/schema.ts";

export async function insertTrackingLink(ctx: Ctx, row: TrackingLinksTable): Promise<void> {
  await ctx.db.insertInto("tracking_links").values(row).execute();
}

export async function findTrackingLinkByHash(ctx: Ctx, tokenHash: string) {
  return ctx.db.selectFrom("tracking_links").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

export async function findTrackingLinkById(ctx: Ctx, id: string) {
  return ctx.db.selectFrom("tracking_links").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function markTrackingLinkUsed(ctx: Ctx, id: string, at: string): Promise<void> {
  await ctx.db.updateTable("tracking_links").set({ last_used_at: at }).where("id", "=", id).execute();
}

/** Revokes one link, or every live link of a ticket; returns how many were live. */
export async function revokeTrackingLinks(ctx: Ctx, where: { id?: string; ticketId?: string }, at: string): Promise<number> {
  let q = ctx.db.updateTable("tracking_links").set({ revoked_at: at }).where("revoked_at", "is", null);
  if (where.id) q = q.where("id", "=", where.id);
  if (where.ticketId) q = q.where("ticket_id", "=", where.ticketId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

/** Link mails queued for an address in a window (a second brake next to the per-process rate limit). */
export async function countLinksCreatedSince(ctx: Ctx, address: string, sinceIso: string): Promise<number> {
  const row = await ctx.db.selectFrom("tracking_links").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("address", "=", address).where("created_at", ">=", sinceIso).executeTakeFirst();
  return Number(row?.n ?? 0);
}
