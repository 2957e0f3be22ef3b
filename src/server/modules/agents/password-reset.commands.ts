// Password reset by e-mail: a single-use token valid for 30 minutes; only its hash is stored.
import { createHash, randomBytes } from "node:crypto";
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { recordAudit } from "../audit/audit.commands.ts";
import { consoleLink, notifySecurityChange, queueAccountMail } from "./account-mail.ts";
import { revokeAllAccess } from "./agent.commands.ts";
import { findAgentByEmail, findAgentById } from "./agent.repo.ts";
import { hashPassword } from "./password-hash.ts";
import { assertPasswordAllowed } from "./password-policy.ts";

export const RESET_TTL_MINUTES = 30;
const hashResetToken = (token: string) => createHash("sha256").update(`reset:${token}`).digest("hex");

/** Mails a reset link when the account exists and is enabled; says nothing either way (no account probing). */
export async function requestPasswordReset(ctx: Ctx, email: string, meta: { ip: string | null }): Promise<void> {
  const agent = await findAgentByEmail(ctx, email);
  if (!agent || agent.disabled === 1) {
    await recordAudit(ctx, "password.reset_requested", { email: email.trim().toLowerCase(), sent: false, ip: meta.ip }, { kind: "anonymous", id: null });
    return;
  }
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(ctx.clock.now().getTime() + RESET_TTL_MINUTES * 60_000).toISOString();
  await inTransaction(ctx, async (tx) => {
    // Only the newest link works.
    await tx.db.deleteFrom("password_resets").where("agent_id", "=", agent.id).where("used_at", "is", null).execute();
    await tx.db.insertInto("password_resets").values({ token_hash: hashResetToken(token), agent_id: agent.id, created_at: nowIso(tx), expires_at: expiresAt, used_at: null }).execute();
    await queueAccountMail(tx, { kind: "password_reset", to: agent.email, language: agent.language, name: agent.name, url: consoleLink(tx, "reset", token), minutes: RESET_TTL_MINUTES });
    await recordAudit(tx, "password.reset_requested", { email: agent.email, sent: true, ip: meta.ip }, { kind: "agent", id: agent.id });
  });
}

/** Sets a new password with a reset token; the token is spent and every session and API token ends. */
export async function resetPassword(ctx: Ctx, token: string, password: string): Promise<void> {
  const invalid = () => new AppError("invalid_input", "this reset link is not valid or has expired; ask for a new one");
  const row = await ctx.db.selectFrom("password_resets").selectAll().where("token_hash", "=", hashResetToken(token)).executeTakeFirst();
  if (!row || row.used_at || Date.parse(row.expires_at) <= ctx.clock.now().getTime()) throw invalid();
  const agent = await findAgentById(ctx, row.agent_id);
  if (!agent || agent.disabled === 1) throw invalid();
  assertPasswordAllowed(password, agent);
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx, async (tx) => {
    // Spending the token is the conditional step: a second use in a race updates nothing.
    const spent = await tx.db.updateTable("password_resets").set({ used_at: nowIso(tx) })
      .where("token_hash", "=", row.token_hash).where("used_at", "is", null).executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw invalid();
    await tx.db.updateTable("agents").set({ password_hash: passwordHash, must_change_password: 0 }).where("id", "=", agent.id).execute();
    await revokeAllAccess(tx, agent.id);
    await recordAudit(tx, "password.reset", {}, { kind: "agent", id: agent.id });
    await notifySecurityChange(tx, agent, "password_reset");
  });
}
