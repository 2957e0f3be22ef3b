// Writes to tickets. Each command runs in the caller's transaction and records its event.
import { nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { nextCounterValue } from "../../db/sql.ts";
import { recordEvent } from "../events/event.commands.ts";
import { indexTicket } from "../search/search.commands.ts";
import {
  FIRST_TICKET_NUMBER, ticketCategories, ticketPriorities, ticketStatuses,
  type TicketCategory, type TicketPriority, type TicketStatus,
} from "./ticket.ts";
import { findTicketById, isParticipant, replaceTicketTags } from "./ticket.repo.ts";

export type NewTicket = {
  mailboxId: string; customerId: string; subject: string; priority: TicketPriority; category: TicketCategory;
  channel: string; language: string; requesterAddress: string; tags?: string[]; firstResponseHours: number;
};

export async function createTicket(ctx: Ctx, input: NewTicket): Promise<{ id: string; number: number }> {
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  const number = await nextCounterValue(ctx.db, "ticket_number", FIRST_TICKET_NUMBER);
  await ctx.db.insertInto("tickets").values({
    id, number,
    mailbox_id: input.mailboxId,
    customer_id: input.customerId,
    subject: input.subject,
    status: "new",
    priority: input.priority,
    category: input.category,
    tags_json: JSON.stringify(input.tags ?? []),
    assignee_id: null,
    channel: input.channel,
    language: input.language,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    last_customer_message_at: now.toISOString(),
    first_response_due_at: new Date(now.getTime() + input.firstResponseHours * 3600_000).toISOString(),
    first_responded_at: null,
  }).execute();
  if (input.tags?.length) await replaceTicketTags(ctx, { id, mailboxId: input.mailboxId }, input.tags);
  await addParticipant(ctx, id, input.requesterAddress, "requester");
  await recordEvent(ctx, "ticket.created", id, { number, channel: input.channel, priority: input.priority, category: input.category });
  await indexTicket(ctx, id);
  return { id, number };
}

export async function addParticipant(ctx: Ctx, ticketId: string, address: string, role: "requester" | "cc"): Promise<boolean> {
  const lower = address.toLowerCase();
  if (await isParticipant(ctx, ticketId, lower)) return false;
  await ctx.db.insertInto("ticket_participants").values({ ticket_id: ticketId, address: lower, role, created_at: nowIso(ctx) })
    .onConflict((oc) => oc.columns(["ticket_id", "address"]).doNothing()).execute();
  if (role !== "requester") await recordEvent(ctx, "participant.added", ticketId, { address: lower });
  return true;
}

export type TicketPatch = {
  status?: TicketStatus; priority?: TicketPriority; category?: TicketCategory; assigneeId?: string | null; tags?: string[];
  /** Hands the ticket to another mailbox (group): its agents see it from then on. */
  mailboxId?: string;
};

export async function updateTicket(ctx: Ctx, ticketId: string, patch: TicketPatch): Promise<void> {
  const ticket = await findTicketById(ctx, ticketId);
  if (!ticket) throw new AppError("not_found", "ticket not found");
  if (patch.status && !ticketStatuses.includes(patch.status)) throw new AppError("invalid_input", `unknown status ${patch.status}`);
  if (patch.priority && !ticketPriorities.includes(patch.priority)) throw new AppError("invalid_input", `unknown priority ${patch.priority}`);
  if (patch.category && !ticketCategories.includes(patch.category)) throw new AppError("invalid_input", `unknown category ${patch.category}`);
  if (patch.assigneeId) {
    const agent = await ctx.db.selectFrom("agents").select("id").where("id", "=", patch.assigneeId).where("disabled", "=", 0).executeTakeFirst();
    if (!agent) throw new AppError("invalid_input", "assignee is not an active agent");
  }
  if (patch.mailboxId && !(await ctx.db.selectFrom("mailboxes").select("id").where("id", "=", patch.mailboxId).executeTakeFirst())) {
    throw new AppError("invalid_input", "unknown mailbox");
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const set: Record<string, unknown> = {};
  const consider = (field: string, column: string, from: unknown, to: unknown, stored: unknown = to) => {
    if (to === undefined || JSON.stringify(from) === JSON.stringify(to)) return;
    changes[field] = { from, to };
    set[column] = stored;
  };
  consider("status", "status", ticket.status, patch.status);
  consider("priority", "priority", ticket.priority, patch.priority);
  consider("category", "category", ticket.category, patch.category);
  consider("assigneeId", "assignee_id", ticket.assignee_id, patch.assigneeId);
  consider("mailboxId", "mailbox_id", ticket.mailbox_id, patch.mailboxId);
  const tags = patch.tags ? [...new Set(patch.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort() : undefined;
  consider("tags", "tags_json", JSON.parse(ticket.tags_json), tags, tags && JSON.stringify(tags));
  if (Object.keys(set).length === 0) return;
  await ctx.db.updateTable("tickets").set({ ...set, updated_at: nowIso(ctx) }).where("id", "=", ticketId).execute();
  if (changes.tags || changes.mailboxId) {
    await replaceTicketTags(ctx, { id: ticketId, mailboxId: patch.mailboxId ?? ticket.mailbox_id }, tags ?? (JSON.parse(ticket.tags_json) as string[]));
  }
  await recordEvent(ctx, "ticket.updated", ticketId, { changes });
}

/** Bumps activity time and status when a customer writes again. */
export async function touchTicketForCustomerMessage(ctx: Ctx, ticketId: string, status: TicketStatus, priority: TicketPriority): Promise<void> {
  const ticket = await findTicketById(ctx, ticketId);
  if (!ticket) throw new AppError("not_found", "ticket not found");
  const now = nowIso(ctx);
  await ctx.db.updateTable("tickets").set({ status, priority, updated_at: now, last_customer_message_at: now }).where("id", "=", ticketId).execute();
  if (ticket.status !== status && (ticket.status === "solved" || ticket.status === "pending")) {
    await recordEvent(ctx, "ticket.reopened", ticketId, { from: ticket.status, to: status });
  }
}
