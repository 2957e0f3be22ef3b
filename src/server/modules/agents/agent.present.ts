// What leaves the server about an agent account: never hashes, secrets or session data.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import type { AgentRole } from "./agent.commands.ts";
import { findAgentById, listAgentRows, listMailboxMemberships, type AgentRow } from "./agent.repo.ts";

export type AgentView = {
  id: string; email: string; name: string; role: AgentRole; language: "zh-CN" | "en"; totpEnabled: boolean;
  disabled: boolean; mustChangePassword: boolean; mailboxIds: string[] | "all";
};

export function presentAgent(agent: AgentRow, mailboxIds: string[] | "all"): AgentView {
  const role = agent.role as AgentRole;
  return {
    id: agent.id,
    email: agent.email,
    name: agent.name,
    role,
    language: agent.language === "zh-CN" ? "zh-CN" : "en",
    totpEnabled: agent.totp_enabled === 1,
    disabled: agent.disabled === 1,
    mustChangePassword: agent.must_change_password === 1,
    // Admins and supervisors see every mailbox whatever their memberships say.
    mailboxIds: role === "admin" || role === "supervisor" ? "all" : mailboxIds,
  };
}

/** One agent as the console sees it (memberships included). */
export async function presentAgentById(ctx: Ctx, agentId: string): Promise<AgentView> {
  const agent = await findAgentById(ctx, agentId);
  if (!agent) throw new AppError("not_found", "agent not found");
  return presentAgent(agent, (await listMailboxMemberships(ctx, [agentId])).get(agentId) ?? []);
}

/** Every agent (for assignment lists and the admin page). */
export async function presentAllAgents(ctx: Ctx): Promise<AgentView[]> {
  const [agents, memberships] = await Promise.all([listAgentRows(ctx), listMailboxMemberships(ctx)]);
  return agents.map((a) => presentAgent(a, memberships.get(a.id) ?? []));
}
