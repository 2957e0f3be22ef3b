// Canned response rows (private to the canned module).
import type { Ctx } from "../../context.ts";

export async function listCannedResponseRows(ctx: Ctx) {
  return ctx.db.selectFrom("canned_responses").select(["id", "title", "body", "created_by", "created_at", "updated_at"])
    .orderBy("title").orderBy("id").execute();
}

export async function insertCannedResponseRow(
  ctx: Ctx, row: { id: string; title: string; body: string; createdBy: string | null; now: string },
): Promise<void> {
  await ctx.db.insertInto("canned_responses").values({
    id: row.id, title: row.title, body: row.body, created_by: row.createdBy, created_at: row.now, updated_at: row.now,
  }).execute();
}

/** The names a ticket's canned variables take: its customer's and the acting agent's. */
export async function findCannedNames(ctx: Ctx, customerId: string, agentId: string | null) {
  const customer = await ctx.db.selectFrom("customers").select("name").where("id", "=", customerId).executeTakeFirst();
  const agent = agentId ? await ctx.db.selectFrom("agents").select("name").where("id", "=", agentId).executeTakeFirst() : undefined;
  return { customerName: customer?.name ?? null, agentName: agent?.name ?? null };
}
