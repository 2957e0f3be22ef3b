// The append-only audit trail: every change to a ticket records one event in the same transaction.
import { nowIso, type Ctx } from "../../context.ts";
import { newId } from "../../ids.ts";

export type EventKind =
  | "ticket.created" | "ticket.updated" | "ticket.reopened" | "message.received" | "message.sent"
  | "note.added" | "mail.queued" | "mail.delivered" | "mail.delivery_failed" | "mail.bounced" | "mail.delayed"
  | "inbound.dropped" | "inbound.diverted" | "inbound.dead" | "inbound.replayed"
  | "ticket.merged" | "ticket.merged_into"
  | "participant.added" | "acknowledgement.skipped" | "agent.signed_in"
  | "tracking.link_sent" | "tracking.links_revoked" | "survey.submitted" | "privacy.requested"
  | "attachment.released" | "attachment.quarantined";

export async function recordEvent(
  ctx: Ctx, kind: EventKind, ticketId: string | null, data: Record<string, unknown> = {},
): Promise<void> {
  await ctx.db.insertInto("events").values({
    id: newId(ctx.clock.now().getTime()),
    ticket_id: ticketId,
    kind,
    actor_kind: ctx.actor.kind,
    actor_id: ctx.actor.id,
    data_json: JSON.stringify(data),
    created_at: nowIso(ctx),
  }).execute();
}

export async function listTicketEvents(ctx: Ctx, ticketId: string) {
  const rows = await ctx.db.selectFrom("events").selectAll().where("ticket_id", "=", ticketId).orderBy("created_at").orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, actor: { kind: r.actor_kind, id: r.actor_id }, data: JSON.parse(r.data_json) as Record<string, unknown>, createdAt: r.created_at }));
}

/** Ticket events recorded since `sinceIso`, with what a live view needs to route them (mailbox, number). */
export async function listTicketEventsSince(ctx: Ctx, sinceIso: string, limit: number) {
  return ctx.db.selectFrom("events").innerJoin("tickets", "tickets.id", "events.ticket_id")
    .select(["events.id", "events.kind", "events.ticket_id as ticketId", "events.created_at as createdAt", "tickets.mailbox_id as mailboxId", "tickets.number"])
    .where("events.created_at", ">=", sinceIso)
    .orderBy("events.created_at").orderBy("events.id")
    .limit(limit)
    .execute();
}
