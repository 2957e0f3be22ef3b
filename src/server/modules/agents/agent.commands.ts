// Agent accounts and API tokens; role, status and mailbox changes by an admin.
import { createHash, randomBytes } from "node:crypto";
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { recordAudit } from "../audit/audit.commands.ts";
import { countActiveAdmins, findAgentByEmail, findAgentById, type AgentRow } from "./agent.repo.ts";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password-hash.ts";
import { newOneTimePassword, ONE_TIME_PASSWORD_EXPIRED, oneTimePasswordExpired } from "./one-time-password.ts";
import { matchAndSpendTotp, totpRequiredFor } from "./two-factor.commands.ts";

export const agentRoles = ["admin", "supervisor", "agent", "auditor"] as const;
export type AgentRole = (typeof agentRoles)[number];
export const agentLanguages = ["zh-CN", "en"] as const;

const TOKEN_TTL_MS = 12 * 3600_000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Creates an account. Without a password it gets a one-time one that must be changed at first sign-in
 * and expires unused (`paydesk admin create`, first start; one-time-password.ts). Passwords people choose go through password-policy.ts first.
 */
export async function createAgent(
  ctx: Ctx,
  input: { email: string; name: string; role: AgentRole; password?: string; language?: string; mailboxIds?: string[] },
) {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new AppError("invalid_input", "e-mail address is not valid");
  if (!agentRoles.includes(input.role)) throw new AppError("invalid_input", `unknown role ${input.role}`);
  const exists = await ctx.db.selectFrom("agents").select("id").where("email", "=", email).executeTakeFirst();
  if (exists) throw new AppError("conflict", "an agent with this e-mail already exists");
  const oneTime = input.password ? null : newOneTimePassword(ctx);
  const password = input.password ?? oneTime!.password;
  if (password.length < 8 || password.length > 128) throw new AppError("invalid_input", "password must be 8 to 128 characters");
  const id = newId(ctx.clock.now().getTime());
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx, async (tx) => {
    await tx.db.insertInto("agents").values({
      id, email, name: input.name, role: input.role, password_hash: passwordHash,
      must_change_password: oneTime ? 1 : 0, password_expires_at: oneTime?.expiresAt ?? null, disabled: 0, created_at: nowIso(tx),
      language: input.language === "zh-CN" ? "zh-CN" : "en",
    }).execute();
    if (input.mailboxIds?.length) await replaceMailboxes(tx, id, input.mailboxIds);
    await recordAudit(tx, "agent.created", { agentId: id, email, role: input.role });
  });
  return { id, email, password: oneTime ? password : null, passwordExpiresAt: oneTime?.expiresAt ?? null };
}

/**
 * Checks a password and issues an opaque bearer token for scripts (only its hash is stored).
 * Accounts with two-factor enabled must also give a current code.
 */
export async function issueToken(
  ctx: Ctx, email: string, password: string, totpCode?: string,
  /** From the HTTP endpoint: an account that must use two-factor but has not enrolled gets no token. */
  options: { requireEnrolment?: boolean } = {},
): Promise<{ token: string; agentId: string; expiresAt: string }> {
  const agent = await findAgentByEmail(ctx, email);
  const ok = agent ? await verifyPassword(agent.password_hash, password) : await burnPasswordCheck(password);
  if (!agent || !ok || agent.disabled) {
    await recordAudit(ctx, "session.sign_in_failed", { email: email.trim().toLowerCase(), method: "token", reason: !agent ? "unknown_account" : !ok ? "wrong_password" : "disabled" },
      agent ? { kind: "agent", id: agent.id } : { kind: "anonymous", id: null });
    throw new AppError("unauthorized", "wrong e-mail or password");
  }
  if (oneTimePasswordExpired(ctx, agent)) {
    await recordAudit(ctx, "session.sign_in_failed", { email: agent.email, method: "token", reason: "one_time_password_expired" }, { kind: "agent", id: agent.id });
    throw new AppError("unauthorized", ONE_TIME_PASSWORD_EXPIRED);
  }
  // Before the two-factor code, which would otherwise be spent on a request that cannot succeed.
  if (agent.must_change_password === 1) {
    throw new AppError("password_change_required", "sign in to the console and choose your own password first: a one-time password gets no API token");
  }
  if (agent.totp_enabled === 1) {
    if (!totpCode) throw new AppError("unauthorized", "two-factor code required (field: totp)");
    if (!(await matchAndSpendTotp(ctx, agent, totpCode))) {
      await recordAudit(ctx, "session.totp_failed", { method: "token" }, { kind: "agent", id: agent.id });
      // Each code works once: a second token within the same 30 seconds needs the next one.
      throw new AppError("unauthorized", "wrong or already used two-factor code: wait for the next one");
    }
  }
  if (options.requireEnrolment && agent.totp_enabled !== 1 && totpRequiredFor(ctx, agent.role)) {
    throw new AppError("forbidden", "this account must use two-factor: sign in to the console and enrol first");
  }

  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(ctx.clock.now().getTime() + TOKEN_TTL_MS).toISOString();
  await ctx.db.insertInto("agent_tokens").values({ token_hash: hashToken(token), agent_id: agent.id, created_at: nowIso(ctx), expires_at: expiresAt }).execute();
  await recordAudit(ctx, "token.issued", { expiresAt }, { kind: "agent", id: agent.id });
  return { token, agentId: agent.id, expiresAt };
}

export async function agentForToken(ctx: Ctx, token: string) {
  return ctx.db.selectFrom("agent_tokens").innerJoin("agents", "agents.id", "agent_tokens.agent_id")
    .select(["agents.id", "agents.email", "agents.name", "agents.role", "agents.must_change_password"])
    .where("agent_tokens.token_hash", "=", hashToken(token))
    .where("agent_tokens.expires_at", ">", nowIso(ctx))
    .where("agents.disabled", "=", 0)
    .executeTakeFirst();
}

export async function countAgents(ctx: Ctx): Promise<number> {
  const r = await ctx.db.selectFrom("agents").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Ends every browser session and API token of an agent (sign out everywhere, disable, password reset). */
export async function revokeAllAccess(ctx: Ctx, agentId: string): Promise<void> {
  await ctx.db.deleteFrom("agent_sessions").where("agent_id", "=", agentId).execute();
  await ctx.db.deleteFrom("agent_tokens").where("agent_id", "=", agentId).execute();
}

async function replaceMailboxes(ctx: Ctx, agentId: string, mailboxIds: string[]): Promise<void> {
  const unique = [...new Set(mailboxIds)];
  if (unique.length) {
    const found = await ctx.db.selectFrom("mailboxes").select("id").where("id", "in", unique).execute();
    if (found.length !== unique.length) throw new AppError("invalid_input", "unknown mailbox id");
  }
  await ctx.db.deleteFrom("agent_mailboxes").where("agent_id", "=", agentId).execute();
  if (unique.length) await ctx.db.insertInto("agent_mailboxes").values(unique.map((mailbox_id) => ({ agent_id: agentId, mailbox_id }))).execute();
}

/** An admin changes an agent's role, status or mailboxes. The last active admin cannot be demoted or disabled. */
export async function updateAgentAccess(
  ctx: Ctx, agentId: string, patch: { role?: AgentRole; disabled?: boolean; mailboxIds?: string[] },
): Promise<AgentRow> {
  return inTransaction(ctx, async (tx) => {
    const before = await findAgentById(tx, agentId);
    if (!before) throw new AppError("not_found", "agent not found");
    const losesAdmin = before.role === "admin" && before.disabled === 0 &&
      ((patch.role !== undefined && patch.role !== "admin") || patch.disabled === true);
    if (losesAdmin && (await countActiveAdmins(tx)) <= 1) throw new AppError("conflict", "the last active admin cannot be demoted or disabled");
    const set: { role?: string; disabled?: number } = {};
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
    if (Object.keys(set).length) await tx.db.updateTable("agents").set(set).where("id", "=", agentId).execute();
    const membershipsBefore = patch.mailboxIds === undefined ? undefined
      : (await tx.db.selectFrom("agent_mailboxes").select("mailbox_id").where("agent_id", "=", agentId).orderBy("mailbox_id").execute()).map((r) => r.mailbox_id);
    if (patch.mailboxIds !== undefined) await replaceMailboxes(tx, agentId, patch.mailboxIds);
    if (patch.disabled === true) await revokeAllAccess(tx, agentId);
    await recordAudit(tx, "agent.updated", {
      agentId,
      ...(patch.role !== undefined ? { role: { from: before.role, to: patch.role } } : {}),
      ...(patch.disabled !== undefined ? { disabled: { from: before.disabled === 1, to: patch.disabled } } : {}),
      ...(patch.mailboxIds !== undefined ? { mailboxIds: { from: membershipsBefore, to: [...new Set(patch.mailboxIds)].sort() } } : {}),
    });
    return (await findAgentById(tx, agentId))!;
  });
}

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
    await revokeAllAccess(tx, agent.id);
    await recordAudit(tx, "password.one_time_issued", { agentId: agent.id, email: agent.email, expiresAt });
  });
  return { email: agent.email, password, expiresAt };
}
