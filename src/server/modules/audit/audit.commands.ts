// The security audit log: sign-ins, failures, two-factor and role changes, invitations, denied access.
// Ticket history stays in `events`; this log is about who could do what, and who tried.
import { nowIso, type Ctx } from "../../context.ts";
import { newId } from "../../ids.ts";
import { decodeTimeCursor, encodeTimeCursor } from "../../paging.ts";

export type AuditAction =
  | "session.signed_in" | "session.sign_in_failed" | "session.totp_failed" | "session.recovery_code_used"
  | "session.signed_out" | "session.revoked_all" | "session.rate_limited"
  | "totp.enrolment_started" | "totp.enabled"
  | "password.changed" | "password.reset_requested" | "password.reset" | "password.one_time_issued"
  | "agent.created" | "agent.updated" | "agent.profile_updated"
  | "invitation.created" | "invitation.accepted"
  | "token.issued" | "access.denied" | "data.revealed" | "data.exported"
  | "settings.channel_changed" | "settings.faq_changed"
  | "alert.resolved" | "attachment.released";

export type AuditEntry = {
  id: string; action: string; actor: { kind: string; id: string | null }; requestId: string | null;
  data: Record<string, unknown>; createdAt: string;
};

/**
 * Appends one entry. The actor is the request's (ctx.actor) unless `as` names someone else, e.g. the
 * account a failed sign-in tried, or `anonymous` for a request nobody signed.
 */
export async function recordAudit(
  ctx: Ctx, action: AuditAction, data: Record<string, unknown> = {},
  as?: { kind: "agent" | "anonymous"; id: string | null },
): Promise<void> {
  await ctx.db.insertInto("audit_log").values({
    id: newId(ctx.clock.now().getTime()),
    action,
    actor_kind: as?.kind ?? ctx.actor.kind,
    actor_id: as ? as.id : ctx.actor.id,
    request_id: ctx.requestId,
    data_json: JSON.stringify(data),
    created_at: nowIso(ctx),
  }).execute();
}

/** Newest first, paged by cursor. */
export async function listAudit(
  ctx: Ctx, opts: { cursor?: string; limit?: number; actorId?: string; action?: string } = {},
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  let q = ctx.db.selectFrom("audit_log").selectAll();
  if (opts.actorId) q = q.where("actor_id", "=", opts.actorId);
  if (opts.action) q = q.where("action", "=", opts.action);
  const c = decodeTimeCursor(opts.cursor);
  if (c) q = q.where((eb) => eb(eb.refTuple("created_at", "id"), "<", eb.tuple(c.at, c.id)));
  const rows = await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({
      id: r.id, action: r.action, actor: { kind: r.actor_kind, id: r.actor_id }, requestId: r.request_id,
      data: JSON.parse(r.data_json) as Record<string, unknown>, createdAt: r.created_at,
    })),
    nextCursor: rows.length > limit && last ? encodeTimeCursor({ at: last.created_at, id: last.id }) : null,
  };
}
