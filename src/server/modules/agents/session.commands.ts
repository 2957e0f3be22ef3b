// Browser sessions: random 256-bit ids (only their SHA-256 is stored), a new id at every step up in
// trust, idle and absolute expiry, and sign-in with password then two-factor.
import { createHash, randomBytes } from "node:crypto";
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { recordAudit } from "../audit/audit.commands.ts";
import { findAgentByEmail, findAgentById, type AgentRow } from "./agent.repo.ts";
import { burnPasswordCheck, verifyPassword } from "./password-hash.ts";
import { matchAndSpendTotp, spendRecoveryCode, totpRequiredFor } from "./two-factor.commands.ts";
import { ONE_TIME_PASSWORD_EXPIRED, oneTimePasswordExpired } from "./one-time-password.ts";

/** active: signed in. totp: password accepted, code outstanding. enrol: password accepted, must enrol TOTP first. */
export type SessionStage = "active" | "totp" | "enrol";
export type Session = { idHash: string; agentId: string; stage: SessionStage; createdAt: string; lastSeenAt: string; expiresAt: string };
export type SessionClient = { ip: string | null; userAgent: string | null };

// A half-finished sign-in does not linger.
const PENDING_LIFETIME_MS = 10 * 60_000;
// Writing last-seen on every request would make every read a write.
const TOUCH_EVERY_MS = 60_000;

export const newSessionId = () => randomBytes(32).toString("base64url");
export const isWellFormedSessionId = (id: string) => /^[A-Za-z0-9_-]{43}$/.test(id);
const hashSessionId = (id: string) => createHash("sha256").update(id).digest("hex");

async function insertSession(ctx: Ctx, agentId: string, stage: SessionStage, client: SessionClient): Promise<{ sessionId: string; expiresAt: string }> {
  const sessionId = newSessionId();
  const now = ctx.clock.now().getTime();
  const lifetime = stage === "active" ? ctx.services.config.sessions.absoluteHours * 3600_000 : PENDING_LIFETIME_MS;
  const expiresAt = new Date(now + lifetime).toISOString();
  await ctx.db.insertInto("agent_sessions").values({
    id_hash: hashSessionId(sessionId), agent_id: agentId, stage, ip: client.ip, user_agent: client.userAgent?.slice(0, 300) ?? null,
    created_at: nowIso(ctx), last_seen_at: nowIso(ctx), expires_at: expiresAt,
  }).execute();
  return { sessionId, expiresAt };
}

export type SessionLookup =
  | { kind: "valid"; session: Session; agent: AgentRow }
  | { kind: "expired" | "missing" };

/** Finds a session by its cookie value; expired ones (idle or absolute) are deleted on sight. */
export async function findSession(ctx: Ctx, sessionId: string): Promise<SessionLookup> {
  if (!isWellFormedSessionId(sessionId)) return { kind: "missing" };
  const idHash = hashSessionId(sessionId);
  const row = await ctx.db.selectFrom("agent_sessions").selectAll().where("id_hash", "=", idHash).executeTakeFirst();
  if (!row) return { kind: "missing" };
  const now = ctx.clock.now().getTime();
  const idleMs = ctx.services.config.sessions.idleMinutes * 60_000;
  const agent = await findAgentById(ctx, row.agent_id);
  if (!agent || agent.disabled === 1 || now >= Date.parse(row.expires_at) || now - Date.parse(row.last_seen_at) > idleMs) {
    await ctx.db.deleteFrom("agent_sessions").where("id_hash", "=", idHash).execute();
    return { kind: "expired" };
  }
  const session: Session = {
    idHash, agentId: row.agent_id, stage: row.stage as SessionStage, createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at,
  };
  return { kind: "valid", session, agent };
}

/** Records activity for the idle timeout, at most once a minute per session. */
export async function touchSession(ctx: Ctx, session: Session): Promise<void> {
  if (ctx.clock.now().getTime() - Date.parse(session.lastSeenAt) < TOUCH_EVERY_MS) return;
  await ctx.db.updateTable("agent_sessions").set({ last_seen_at: nowIso(ctx) }).where("id_hash", "=", session.idHash).execute();
}

export async function endSession(ctx: Ctx, sessionId: string): Promise<void> {
  await ctx.db.deleteFrom("agent_sessions").where("id_hash", "=", hashSessionId(sessionId)).execute();
}

/** Replaces a session with a fresh id at a new stage (so an id seen before a step up is worthless after it). */
export async function rotateSession(ctx: Ctx, oldSessionId: string, agentId: string, stage: SessionStage, client: SessionClient) {
  return inTransaction(ctx, async (tx) => {
    await endSession(tx, oldSessionId);
    return insertSession(tx, agentId, stage, client);
  });
}

export type SignInResult = { stage: SessionStage; sessionId: string; agent: AgentRow };

function stageAfterPassword(ctx: Ctx, agent: AgentRow): SessionStage {
  if (agent.totp_enabled === 1) return "totp";
  return totpRequiredFor(ctx, agent.role) ? "enrol" : "active";
}

/**
 * Step one: e-mail and password. Replaces whatever session the browser had (pre-session or old one).
 * Wrong e-mail, wrong password and disabled accounts all answer alike and are audited.
 */
export async function signInWithPassword(
  ctx: Ctx, input: { email: string; password: string; previousSessionId: string | null; client: SessionClient },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const agent = await findAgentByEmail(ctx, email);
  const ok = agent ? await verifyPassword(agent.password_hash, input.password) : await burnPasswordCheck(input.password);
  if (!agent || !ok || agent.disabled === 1) {
    const reason = !agent ? "unknown_account" : !ok ? "wrong_password" : "disabled";
    await recordAudit(ctx, "session.sign_in_failed", { email, reason, ip: input.client.ip },
      agent ? { kind: "agent", id: agent.id } : { kind: "anonymous", id: null });
    throw new AppError("unauthorized", "wrong e-mail or password");
  }
  if (oneTimePasswordExpired(ctx, agent)) {
    await recordAudit(ctx, "session.sign_in_failed", { email, reason: "one_time_password_expired", ip: input.client.ip }, { kind: "agent", id: agent.id });
    throw new AppError("unauthorized", ONE_TIME_PASSWORD_EXPIRED);
  }
  const stage = stageAfterPassword(ctx, agent);
  return inTransaction(ctx, async (tx) => {
    if (input.previousSessionId) await endSession(tx, input.previousSessionId);
    const { sessionId } = await insertSession(tx, agent.id, stage, input.client);
    if (stage === "active") await recordAudit(tx, "session.signed_in", { method: "password", ip: input.client.ip }, { kind: "agent", id: agent.id });
    return { stage, sessionId, agent };
  });
}

/** Step two: a TOTP code or a recovery code; on success the session becomes active under a new id. */
export async function completeTwoFactor(
  ctx: Ctx, input: { sessionId: string; agentId: string; code?: string; recoveryCode?: string; client: SessionClient },
): Promise<SignInResult> {
  const agent = await findAgentById(ctx, input.agentId);
  if (!agent) throw new AppError("unauthorized", "sign in again");
  const method = input.recoveryCode ? "recovery_code" : "totp";
  const ok = input.recoveryCode
    ? await spendRecoveryCode(ctx, agent.id, input.recoveryCode)
    : input.code ? await matchAndSpendTotp(ctx, agent, input.code) : false;
  if (!ok) {
    await recordAudit(ctx, "session.totp_failed", { method, ip: input.client.ip }, { kind: "agent", id: agent.id });
    throw new AppError("unauthorized", method === "totp" ? "wrong or already used code" : "recovery code is not valid");
  }
  const { sessionId } = await rotateSession(ctx, input.sessionId, agent.id, "active", input.client);
  await recordAudit(ctx, "session.signed_in", { method, ip: input.client.ip }, { kind: "agent", id: agent.id });
  return { stage: "active", sessionId, agent: (await findAgentById(ctx, agent.id))! };
}

/** After enrolment during sign-in: the session becomes active under a new id. */
export async function activateAfterEnrolment(ctx: Ctx, input: { sessionId: string; agentId: string; client: SessionClient }): Promise<SignInResult> {
  const { sessionId } = await rotateSession(ctx, input.sessionId, input.agentId, "active", input.client);
  await recordAudit(ctx, "session.signed_in", { method: "totp_enrolment", ip: input.client.ip }, { kind: "agent", id: input.agentId });
  return { stage: "active", sessionId, agent: (await findAgentById(ctx, input.agentId))! };
}

/** Starts a session for an account just created from an invitation (no password check needed). */
export async function startSessionFor(ctx: Ctx, agent: AgentRow, client: SessionClient, previousSessionId: string | null): Promise<SignInResult> {
  const stage = stageAfterPassword(ctx, agent);
  return inTransaction(ctx, async (tx) => {
    if (previousSessionId) await endSession(tx, previousSessionId);
    const { sessionId } = await insertSession(tx, agent.id, stage, client);
    if (stage === "active") await recordAudit(tx, "session.signed_in", { method: "invitation", ip: client.ip }, { kind: "agent", id: agent.id });
    return { stage, sessionId, agent };
  });
}

export async function signOut(ctx: Ctx, sessionId: string, agentId: string): Promise<void> {
  await endSession(ctx, sessionId);
  await recordAudit(ctx, "session.signed_out", {}, { kind: "agent", id: agentId });
}

/** Ends every session and API token of the agent, this one included. */
export async function signOutEverywhere(ctx: Ctx, agentId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const r = await tx.db.deleteFrom("agent_sessions").where("agent_id", "=", agentId).executeTakeFirst();
    await tx.db.deleteFrom("agent_tokens").where("agent_id", "=", agentId).execute();
    await recordAudit(tx, "session.revoked_all", { sessions: Number(r.numDeletedRows) }, { kind: "agent", id: agentId });
  });
}

/** Ends the agent's other sessions and tokens (after a password change; the current session stays). */
export async function endOtherSessions(ctx: Ctx, agentId: string, keepSessionId: string | null): Promise<void> {
  let q = ctx.db.deleteFrom("agent_sessions").where("agent_id", "=", agentId);
  if (keepSessionId) q = q.where("id_hash", "!=", hashSessionId(keepSessionId));
  await q.execute();
  await ctx.db.deleteFrom("agent_tokens").where("agent_id", "=", agentId).execute();
}
