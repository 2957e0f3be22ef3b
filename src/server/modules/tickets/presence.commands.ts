// Who else has a ticket open: a heartbeat per agent, read back as the collision warning.
import type { Ctx } from "../../context.ts";

/** A viewer counts while their heartbeat (every 15 s) is at most this old. */
const VIEWER_TTL_MS = 45_000;

export async function markViewing(ctx: Ctx, ticketId: string, agentId: string) {
  const now = ctx.clock.now();
  await ctx.db.insertInto("ticket_viewers").values({ ticket_id: ticketId, agent_id: agentId, seen_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["ticket_id", "agent_id"]).doUpdateSet({ seen_at: now.toISOString() }))
    .execute();
  const since = new Date(now.getTime() - VIEWER_TTL_MS).toISOString();
  return ctx.db.selectFrom("ticket_viewers").innerJoin("agents", "agents.id", "ticket_viewers.agent_id")
    .select(["agents.id as agentId", "agents.name as name"])
    .where("ticket_viewers.ticket_id", "=", ticketId)
    .where("ticket_viewers.agent_id", "!=", agentId)
    .where("ticket_viewers.seen_at", ">=", since)
    .execute();
}
