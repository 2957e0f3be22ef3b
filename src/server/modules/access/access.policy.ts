// Who may see and change what. Every read of a ticket, message, attachment or customer goes through
// the mailbox scope here; a ticket outside it answers exactly like a missing one, and the try is audited.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import type { AgentRole } from "../agents/agent.commands.ts";
import { recordAudit } from "../audit/audit.commands.ts";

export type AgentAccess = { role: AgentRole; mailboxIds: string[] | "all" };

/** Roles that see every mailbox; the others see the mailboxes they are members of. */
const ALL_MAILBOX_ROLES: readonly AgentRole[] = ["admin", "supervisor"];

/** Loads what an agent may see (called once per request by the HTTP edge). */
export async function loadAgentAccess(ctx: Ctx, agent: { id: string; role: string }): Promise<AgentAccess> {
  const role = agent.role as AgentRole;
  if (ALL_MAILBOX_ROLES.includes(role)) return { role, mailboxIds: "all" };
  const rows = await ctx.db.selectFrom("agent_mailboxes").select("mailbox_id").where("agent_id", "=", agent.id).orderBy("mailbox_id").execute();
  return { role, mailboxIds: rows.map((r) => r.mailbox_id) };
}

/** The mailboxes the actor may read: "all", or a list (empty when nothing; deny by default). */
export function mailboxScope(ctx: Ctx): string[] | "all" {
  if (ctx.actor.kind === "system") return "all";
  const access = ctx.actor.agent;
  if (ctx.actor.kind !== "agent" || !access) return [];
  if (ALL_MAILBOX_ROLES.includes(access.role)) return "all";
  return access.mailboxIds;
}

export function canSeeMailbox(ctx: Ctx, mailboxId: string): boolean {
  const scope = mailboxScope(ctx);
  return scope === "all" || scope.includes(mailboxId);
}

/** Out of scope → audited, then the same 404 as a ticket that does not exist (ids must not be probeable). */
export async function assertTicketVisible(ctx: Ctx, ticket: { id: string; mailbox_id: string }): Promise<void> {
  if (canSeeMailbox(ctx, ticket.mailbox_id)) return;
  await recordAudit(ctx, "access.denied", { resource: "ticket", ticketId: ticket.id, mailboxId: ticket.mailbox_id });
  throw new AppError("not_found", "ticket not found");
}

/** Auditors read only. */
export function assertCanWrite(ctx: Ctx): void {
  if (ctx.actor.kind === "system") return;
  if (ctx.actor.kind !== "agent" || !ctx.actor.agent) throw new AppError("forbidden", "not allowed");
  if (ctx.actor.agent.role === "auditor") throw new AppError("forbidden", "auditors have read-only access");
}

export function assertRole(ctx: Ctx, ...roles: AgentRole[]): void {
  if (ctx.actor.kind === "system") return;
  const role = ctx.actor.agent?.role;
  if (ctx.actor.kind !== "agent" || !role || !roles.includes(role)) {
    throw new AppError("forbidden", `only ${roles.join(" or ")} may do this`);
  }
}

/** assertRole for routes: a refusal is written to the audit log before the 403. */
export async function requireRole(ctx: Ctx, ...roles: AgentRole[]): Promise<void> {
  try {
    assertRole(ctx, ...roles);
  } catch (err) {
    await recordAudit(ctx, "access.denied", { resource: "role", required: roles, role: ctx.actor.agent?.role ?? null });
    throw err;
  }
}

/** The support mailboxes the actor may see (for filters and the mailbox list). */
export async function listVisibleMailboxes(ctx: Ctx): Promise<{ id: string; address: string; name: string }[]> {
  const scope = mailboxScope(ctx);
  if (scope !== "all" && scope.length === 0) return [];
  let q = ctx.db.selectFrom("mailboxes").select(["id", "address", "name"]);
  if (scope !== "all") q = q.where("id", "in", scope);
  return q.orderBy("created_at").orderBy("id").execute();
}
