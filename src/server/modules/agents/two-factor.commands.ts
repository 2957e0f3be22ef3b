// Two-factor sign-in: enrolling a TOTP secret (sealed at rest), checking codes once each, recovery codes.
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { recordAudit } from "../audit/audit.commands.ts";
import type { AgentRow } from "./agent.repo.ts";
import { findAgentById } from "./agent.repo.ts";
import { notifySecurityChange } from "./account-mail.ts";
import { verifyPassword } from "./password-hash.ts";
import { hashRecoveryCode, newRecoveryCode, RECOVERY_CODE_COUNT } from "./recovery-codes.ts";
import { matchTotpStep, newTotpSecret, totpUri } from "./totp.ts";

const seal = (ctx: Ctx, secret: string) => ctx.services.vault.seal(Buffer.from(secret, "utf8")).toString("base64");
const open = (ctx: Ctx, sealed: string) => ctx.services.vault.open(Buffer.from(sealed, "base64")).toString("utf8");

/** Admins always; everyone when the configuration says so. */
export function totpRequiredFor(ctx: Ctx, role: string): boolean {
  return ctx.services.config.requireTotpFor === "everyone" || role === "admin";
}

/**
 * A new secret, kept pending until a code from it is confirmed; an enabled secret stays in force until then.
 * Replacing an enabled secret takes the current password: a session alone (left open, or stolen) must not
 * be enough to move someone's second factor to another phone.
 */
export async function startTotpEnrolment(ctx: Ctx, agentId: string, proof: { currentPassword?: string } = {}): Promise<{ secret: string; otpauthUrl: string }> {
  const agent = await findAgentById(ctx, agentId);
  if (!agent) throw new AppError("not_found", "agent not found");
  if (agent.totp_enabled === 1) {
    if (!proof.currentPassword) throw new AppError("forbidden", "two-factor sign-in is on: give your current password (currentPassword) to set it up again");
    if (!(await verifyPassword(agent.password_hash, proof.currentPassword))) {
      await recordAudit(ctx, "session.sign_in_failed", { reason: "wrong_current_password", during: "totp_enrolment" }, { kind: "agent", id: agentId });
      throw new AppError("forbidden", "current password is wrong");
    }
  }
  const secret = newTotpSecret();
  await ctx.db.updateTable("agents").set({ totp_pending_enc: seal(ctx, secret) }).where("id", "=", agentId).execute();
  await recordAudit(ctx, "totp.enrolment_started", {}, { kind: "agent", id: agentId });
  return { secret, otpauthUrl: totpUri(secret, agent.email, ctx.services.config.companyName) };
}

/** Confirms the pending secret with a code from it; returns fresh recovery codes (the old ones stop working). */
export async function confirmTotpEnrolment(ctx: Ctx, agentId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  return inTransaction(ctx, async (tx) => {
    const agent = await findAgentById(tx, agentId);
    if (!agent?.totp_pending_enc) throw new AppError("conflict", "start enrolment first");
    const secret = open(tx, agent.totp_pending_enc);
    const step = matchTotpStep(secret, code, tx.clock.now().getTime());
    if (step === null) {
      await recordAudit(tx, "session.totp_failed", { during: "enrolment" }, { kind: "agent", id: agentId });
      throw new AppError("invalid_input", "the code does not match; check the time on your phone and try again");
    }
    await tx.db.updateTable("agents").set({
      totp_secret_enc: agent.totp_pending_enc, totp_pending_enc: null, totp_enabled: 1, totp_last_step: step,
    }).where("id", "=", agentId).execute();
    const recoveryCodes = await replaceRecoveryCodes(tx, agentId);
    await recordAudit(tx, "totp.enabled", { replaced: agent.totp_enabled === 1 }, { kind: "agent", id: agentId });
    await notifySecurityChange(tx, agent, agent.totp_enabled === 1 ? "totp_replaced" : "totp_enabled");
    return { recoveryCodes };
  });
}

async function replaceRecoveryCodes(ctx: Ctx, agentId: string): Promise<string[]> {
  await ctx.db.deleteFrom("agent_recovery_codes").where("agent_id", "=", agentId).execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await ctx.db.insertInto("agent_recovery_codes").values(codes.map((c) => ({
    code_hash: hashRecoveryCode(c), agent_id: agentId, created_at: nowIso(ctx), used_at: null,
  }))).execute();
  return codes;
}

/**
 * True when the code is right for now (±30 s) and was not accepted before: the accepted step is
 * recorded with a conditional update, so two requests racing with one code cannot both pass.
 */
export async function matchAndSpendTotp(ctx: Ctx, agent: Pick<AgentRow, "id" | "totp_secret_enc" | "totp_enabled">, code: string): Promise<boolean> {
  if (agent.totp_enabled !== 1 || !agent.totp_secret_enc) return false;
  const step = matchTotpStep(open(ctx, agent.totp_secret_enc), code, ctx.clock.now().getTime());
  if (step === null) return false;
  const r = await ctx.db.updateTable("agents").set({ totp_last_step: step })
    .where("id", "=", agent.id)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Spends one recovery code; each works once. */
export async function spendRecoveryCode(ctx: Ctx, agentId: string, code: string): Promise<boolean> {
  const r = await ctx.db.updateTable("agent_recovery_codes").set({ used_at: nowIso(ctx) })
    .where("code_hash", "=", hashRecoveryCode(code)).where("agent_id", "=", agentId).where("used_at", "is", null)
    .executeTakeFirst();
  const ok = Number(r.numUpdatedRows) === 1;
  if (ok) {
    const left = await ctx.db.selectFrom("agent_recovery_codes").select((eb) => eb.fn.countAll<number>().as("n"))
      .where("agent_id", "=", agentId).where("used_at", "is", null).executeTakeFirst();
    await recordAudit(ctx, "session.recovery_code_used", { remaining: Number(left?.n ?? 0) }, { kind: "agent", id: agentId });
  }
  return ok;
}
