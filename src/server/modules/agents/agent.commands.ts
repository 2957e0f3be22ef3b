// Agent accounts and API tokens (the console's full sign-in with two-factor builds on this).
import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { newId } from "../../ids.ts";

export const agentRoles = ["admin", "supervisor", "agent", "auditor"] as const;
export type AgentRole = (typeof agentRoles)[number];

// argon2id, 64 MiB, t=3, p=1 (OWASP's recommended profile).
const ARGON = { algorithm: 2, memoryCost: 65536, timeCost: 3, parallelism: 1 } as const;
const TOKEN_TTL_MS = 12 * 3600_000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createAgent(ctx: Ctx, input: { email: string; name: string; role: AgentRole; password?: string }) {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new AppError("invalid_input", "e-mail address is not valid");
  if (!agentRoles.includes(input.role)) throw new AppError("invalid_input", `unknown role ${input.role}`);
  const exists = await ctx.db.selectFrom("agents").select("id").where("email", "=", email).executeTakeFirst();
  if (exists) throw new AppError("conflict", "an agent with this e-mail already exists");
  const oneTime = !input.password;
  const password = input.password ?? randomBytes(12).toString("base64url");
  if (password.length < 8 || password.length > 128) throw new AppError("invalid_input", "password must be 8 to 128 characters");
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.insertInto("agents").values({
    id, email, name: input.name, role: input.role, password_hash: await hash(password, ARGON),
    must_change_password: oneTime ? 1 : 0, disabled: 0, created_at: nowIso(ctx),
  }).execute();
  return { id, email, password: oneTime ? password : null };
}

/** Checks a password and issues an opaque bearer token (only its hash is stored). */
export async function issueToken(ctx: Ctx, email: string, password: string): Promise<{ token: string; agentId: string; expiresAt: string }> {
  const agent = await ctx.db.selectFrom("agents").selectAll().where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
  // Verify against a dummy hash when the account is unknown, so timing does not reveal which e-mails exist.
  const ok = agent ? await verify(agent.password_hash, password) : (await hash(password, ARGON), false);
  if (!agent || !ok || agent.disabled) throw new AppError("unauthorized", "wrong e-mail or password");
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(ctx.clock.now().getTime() + TOKEN_TTL_MS).toISOString();
  await ctx.db.insertInto("agent_tokens").values({ token_hash: hashToken(token), agent_id: agent.id, created_at: nowIso(ctx), expires_at: expiresAt }).execute();
  return { token, agentId: agent.id, expiresAt };
}

export async function agentForToken(ctx: Ctx, token: string) {
  return ctx.db.selectFrom("agent_tokens").innerJoin("agents", "agents.id", "agent_tokens.agent_id")
    .select(["agents.id", "agents.email", "agents.name", "agents.role"])
    .where("agent_tokens.token_hash", "=", hashToken(token))
    .where("agent_tokens.expires_at", ">", nowIso(ctx))
    .where("agents.disabled", "=", 0)
    .executeTakeFirst();
}

export async function countAgents(ctx: Ctx): Promise<number> {
  const r = await ctx.db.selectFrom("agents").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
  return Number(r?.n ?? 0);
}
