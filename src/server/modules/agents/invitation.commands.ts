// Invitations: an admin names the account; the invitee chooses a password through a link valid 7 days.
import { createHash, randomBytes } from "node:crypto";
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { recordAudit } from "../audit/audit.commands.ts";
import { consoleLink, queueAccountMail } from "./account-mail.ts";
import { agentRoles, createAgent, type AgentRole } from "./agent.commands.ts";
import { findAgentByEmail, findAgentById, type AgentRow } from "./agent.repo.ts";
import { assertPasswordAllowed } from "./password-policy.ts";

export const INVITATION_TTL_DAYS = 7;
const hashInvitationToken = (token: string) => createHash("sha256").update(`invite:${token}`).digest("hex");

export async function inviteAgent(
  ctx: Ctx, input: { email: string; name: string; role: AgentRole; mailboxIds: string[]; language?: string },
): Promise<{ invitationUrl: string; expiresAt: string }> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new AppError("invalid_input", "e-mail address is not valid");
  if (!agentRoles.includes(input.role)) throw new AppError("invalid_input", `unknown role ${input.role}`);
  if (await findAgentByEmail(ctx, email)) throw new AppError("conflict", "an agent with this e-mail already exists");
  const mailboxIds = [...new Set(input.mailboxIds)];
  if (mailboxIds.length) {
    const found = await ctx.db.selectFrom("mailboxes").select("id").where("id", "in", mailboxIds).execute();
    if (found.length !== mailboxIds.length) throw new AppError("invalid_input", "unknown mailbox id");
  }
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(ctx.clock.now().getTime() + INVITATION_TTL_DAYS * 86_400_000).toISOString();
  const inviter = ctx.actor.id ? await findAgentById(ctx, ctx.actor.id) : undefined;
  const invitationUrl = consoleLink(ctx, "invite", token);
  await inTransaction(ctx, async (tx) => {
    // A newer invitation replaces an outstanding one for the same address.
    await tx.db.deleteFrom("agent_invitations").where("email", "=", email).where("accepted_at", "is", null).execute();
    const id = newId(tx.clock.now().getTime());
    await tx.db.insertInto("agent_invitations").values({
      id, token_hash: hashInvitationToken(token), email, name: input.name.trim(), role: input.role,
      mailbox_ids_json: JSON.stringify(mailboxIds), invited_by: inviter?.id ?? null, created_at: nowIso(tx), expires_at: expiresAt, accepted_at: null,
    }).execute();
    await queueAccountMail(tx, {
      kind: "invitation", to: email, language: input.language ?? inviter?.language ?? "en", name: input.name.trim(), url: invitationUrl,
      days: INVITATION_TTL_DAYS, invitedBy: inviter?.name ?? ctx.services.config.companyName,
    });
    await recordAudit(tx, "invitation.created", { invitationId: id, email, role: input.role, mailboxIds, expiresAt });
  });
  return { invitationUrl, expiresAt };
}

/** Creates the invited account with the chosen password; the invitation is spent. */
export async function acceptInvitation(ctx: Ctx, token: string, password: string): Promise<AgentRow> {
  const invalid = () => new AppError("invalid_input", "this invitation is not valid or has expired; ask an admin for a new one");
  const row = await ctx.db.selectFrom("agent_invitations").selectAll().where("token_hash", "=", hashInvitationToken(token)).executeTakeFirst();
  if (!row || row.accepted_at || Date.parse(row.expires_at) <= ctx.clock.now().getTime()) throw invalid();
  assertPasswordAllowed(password, row);
  return inTransaction(ctx, async (tx) => {
    const spent = await tx.db.updateTable("agent_invitations").set({ accepted_at: nowIso(tx) })
      .where("id", "=", row.id).where("accepted_at", "is", null).executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw invalid();
    const created = await createAgent(tx, {
      email: row.email, name: row.name, role: row.role as AgentRole, password,
      mailboxIds: JSON.parse(row.mailbox_ids_json) as string[],
    });
    await recordAudit(tx, "invitation.accepted", { invitationId: row.id, agentId: created.id }, { kind: "agent", id: created.id });
    return (await findAgentById(tx, created.id))!;
  });
}
