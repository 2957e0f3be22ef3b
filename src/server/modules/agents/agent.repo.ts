// Queries on agent accounts (private to the agents module and its commands).
import type { Ctx } from "../../context.ts";
import type { AgentsTable } from "../../db/schema.ts";

export type AgentRow = Omit<AgentsTable, "language" | "totp_enabled"> & { language: string; totp_enabled: number };

export async function findAgentById(ctx: Ctx, id: string): Promise<AgentRow | undefined> {
  return ctx.db.selectFrom("agents").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findAgentByEmail(ctx: Ctx, email: string): Promise<AgentRow | undefined> {
  return ctx.db.selectFrom("agents").selectAll().where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
}

export async function listAgentRows(ctx: Ctx): Promise<AgentRow[]> {
  return ctx.db.selectFrom("agents").selectAll().orderBy("name").orderBy("id").execute();
}

/** Mailbox memberships of the given agents (all agents when ids is omitted). */
export async function listMailboxMemberships(ctx: Ctx, agentIds?: string[]): Promise<Map<string, string[]>> {
  if (agentIds && agentIds.length === 0) return new Map();
  let q = ctx.db.selectFrom("agent_mailboxes").select(["agent_id", "mailbox_id"]);
  if (agentIds) q = q.where("agent_id", "in", agentIds);
  const out = new Map<string, string[]>();
  for (const r of await q.orderBy("mailbox_id").execute()) out.set(r.agent_id, [...(out.get(r.agent_id) ?? []), r.mailbox_id]);
  return out;
}

export async function countActiveAdmins(ctx: Ctx): Promise<number> {
  const r = await ctx.db.selectFrom("agents").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "admin").where("disabled", "=", 0).executeTakeFirst();
  return Number(r?.n ?? 0);
}
