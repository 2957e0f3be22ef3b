// One-time passwords: what the first start, `paydesk admin create`, an admin creating an account and
// `paydesk admin reset-password` hand out. They open the account once, for a limited time (OWASP ASVS
// 2.3.1), and only to choose a password of one's own: until then the API answers nothing else.
import { randomBytes } from "node:crypto";
import { inTransaction, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { recordAudit } from "../audit/audit.commands.ts";
import { findAgentByEmail, type AgentRow } from "./agent.repo.ts";
import { hashPassword } from "./password-hash.ts";

export const ONE_TIME_PASSWORD_HOURS = 72;
const TTL_MS = ONE_TIME_PASSWORD_HOURS * 3600_000;

export function newOneTimePassword(ctx: Ctx): { password: string; expiresAt: string } {
  return { password: randomBytes(12).toString("base64url"), expiresAt: new Date(ctx.clock.now().getTime() + TTL_MS).toISOString() };
}

type PasswordState = Pick<AgentRow, "must_change_password" | "password_expires_at" | "created_at">;

/** A one-time password past its time. Those issued before expiry was recorded count from the account's creation. */
export function oneTimePasswordExpired(ctx: Ctx, agent: PasswordState): boolean {
  if (agent.must_change_password !== 1) return false;
  const expiresAt = agent.password_expires_at ? Date.parse(agent.password_expires_at) : Date.parse(agent.created_at) + TTL_MS;
  return ctx.clock.now().getTime() >= expiresAt;
}

export const ONE_TIME_PASSWORD_EXPIRED = "this one-time password has expired: ask an admin for a new one (paydesk admin reset-password)";

/**
 * For an operator on the server (a forgotten or expired first-start password, an agent locked out with no
 * mail): a new one-time password. Every session and token of the account ends; two-factor stays as it was.
 */
export async function resetToOneTimePassword(ctx: Ctx, email: string): Promise<{ email: string; password: string; expiresAt: string }> {
  const agent = await findAgentByEmail(ctx, email);
  if (!agent) throw new AppError("not_found", `no account with the e-mail ${email.trim().toLowerCase()}`);
  const { password, expiresAt } = newOneTimePassword(ctx);
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable("agents").set({ password_hash: passwordHash, must_change_password: 1, password_expires_at: expiresAt }).where("id", "=", agent.id).execute();
    await tx.db.deleteFrom("agent_sessions").where("agent_id", "=", agent.id).execute();
    await tx.db.deleteFrom("agent_tokens").where("agent_id", "=", agent.id).execute();
    await recordAudit(tx, "password.one_time_issued", { agentId: agent.id, email: agent.email, expiresAt });
  });
  return { email: agent.email, password, expiresAt };
}
