// One-time passwords: what the first start, `paydesk admin create`, an admin creating an account and
// `paydesk admin reset-password` hand out. They open the account once, for a limited time (OWASP ASVS
// 2.3.1), and only to choose a password of one's own: until then the API answers nothing else.
// (Issuing a new one: resetToOneTimePassword in agent.commands.ts.)
import { randomBytes } from "node:crypto";
import type { Ctx } from "../../context.ts";
import type { AgentRow } from "./agent.repo.ts";

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
