// What an agent changes about their own account: name, language, password.
import { inTransaction, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { recordAudit } from "../audit/audit.commands.ts";
import { agentLanguages } from "./agent.commands.ts";
import { findAgentById, type AgentRow } from "./agent.repo.ts";
import { hashPassword, verifyPassword } from "./password-hash.ts";
import { assertPasswordAllowed } from "./password-policy.ts";
import { endOtherSessions } from "./session.commands.ts";
import { notifySecurityChange } from "./account-mail.ts";

export async function updateProfile(ctx: Ctx, agentId: string, patch: { name?: string; language?: string }): Promise<AgentRow> {
  const set: { name?: string; language?: string } = {};
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (!name || name.length > 200) throw new AppError("invalid_input", "name must be 1 to 200 characters");
    set.name = name;
  }
  if (patch.language !== undefined) {
    if (!(agentLanguages as readonly string[]).includes(patch.language)) throw new AppError("invalid_input", "language must be zh-CN or en");
    set.language = patch.language;
  }
  if (Object.keys(set).length) {
    await ctx.db.updateTable("agents").set(set).where("id", "=", agentId).execute();
    await recordAudit(ctx, "agent.profile_updated", { agentId, ...set });
  }
  const agent = await findAgentById(ctx, agentId);
  if (!agent) throw new AppError("not_found", "agent not found");
  return agent;
}

/** Needs the current password; clears must_change_password; other sessions and tokens end. */
export async function changePassword(
  ctx: Ctx, agentId: string, input: { currentPassword: string; newPassword: string; keepSessionId: string | null },
): Promise<void> {
  const agent = await findAgentById(ctx, agentId);
  if (!agent) throw new AppError("not_found", "agent not found");
  if (!(await verifyPassword(agent.password_hash, input.currentPassword))) {
    await recordAudit(ctx, "session.sign_in_failed", { reason: "wrong_current_password", during: "password_change" });
    throw new AppError("invalid_input", "current password is wrong");
  }
  if (input.newPassword === input.currentPassword) throw new AppError("invalid_input", "choose a password different from the current one");
  assertPasswordAllowed(input.newPassword, agent);
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable("agents").set({ password_hash: passwordHash, must_change_password: 0 }).where("id", "=", agentId).execute();
    await endOtherSessions(tx, agentId, input.keepSessionId);
    await recordAudit(tx, "password.changed", {});
    await notifySecurityChange(tx, agent, "password_changed");
  });
}
