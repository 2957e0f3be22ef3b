// Ticket and message queries (private to the tickets module and its callers in ingest/http via commands).
import type { Ctx } from "../../context.ts";
import { filterOnlyColumn } from "../../db/sql.ts";
import { formatTicketNumber } from "./ticket.ts";

export async function findTicketById(ctx: Ctx, id: string) {
  return ctx.db.selectFrom("tickets").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findTicketByNumber(ctx: Ctx, number: number) {
  return ctx.db.selectFrom("tickets").selectAll().where("number", "=", number).executeTakeFirst();
}

export async function isParticipant(ctx: Ctx, ticketId: string, address: string): Promise<boolean> {
  const row = await ctx.db.selectFrom("ticket_participants").select("address")
    .where("ticket_id", "=", ticketId).where("address", "=", address.toLowerCase()).executeTakeFirst();
  return !!row;
}

export async function listParticipants(ctx: Ctx, ticketId: string) {
  return ctx.db.selectFrom("ticket_participants").select(["address", "role"]).where("ticket_id", "=", ticketId).orderBy("created_at").execute();
}

/** The ticket a stored Message-ID belongs to, and whether it was a message we received or sent. */
export async function findMessageByHeaderId(ctx: Ctx, messageIdHeader: string) {
  return ctx.db.selectFrom("messages").select(["id", "ticket_id", "direction"])
    .where("message_id_header", "=", messageIdHeader).orderBy("created_at").executeTakeFirst();
}

/**
 * The earliest inbound reply from `sender` to the message `messageIdHeader`, in a ticket of `mailboxId`,
 * received since `sinceIso`, whose sender authentication is among `verdicts`.
 */
export async function findReplyFromSender(
  ctx: Ctx, q: { messageIdHeader: string; sender: string; mailboxId: string; sinceIso: string; verdicts: string[] },
) {
  return ctx.db.selectFrom("messages").innerJoin("tickets", "tickets.id", "messages.ticket_id")
    .select(["messages.id", "messages.ticket_id"])
    .where("messages.in_reply_to", "=", q.messageIdHeader).where("messages.direction", "=", "inbound")
    .where("messages.from_address", "=", q.sender).where("messages.auth_verdict", "in", q.verdicts)
    .where("messages.created_at", ">=", q.sinceIso).where("tickets.mailbox_id", "=", q.mailboxId)
    .orderBy("messages.created_at").executeTakeFirst();
}

export async function listTicketMessages(ctx: Ctx, ticketId: string) {
  return ctx.db.selectFrom("messages").selectAll().where("ticket_id", "=", ticketId).orderBy("created_at").orderBy("id").execute();
}

export async function listMessageAttachments(ctx: Ctx, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return ctx.db.selectFrom("attachments").selectAll().where("message_id", "in", messageIds).orderBy("created_at").execute();
}

export type TicketFilter = {
  status?: string[]; priority?: string; category?: string; assigneeId?: string | null;
  /** Mailboxes the reader may see; "all" for no restriction. */
  mailboxIds?: string[] | "all"; mailboxId?: string; customerId?: string; tag?: string;
  createdFrom?: string; createdTo?: string;
  /** First-response clock: still running, and due within (dueAfter, dueBefore). */
  awaitingFirstResponse?: boolean; dueAfter?: string; dueBefore?: string;
  sort?: "updated" | "created"; cursor?: { at: string; id: string }; limit: number;
};

/**
 * Selective filters that the time-ordered walk handles badly — a tag, a creation-date range — are looked
 * up first through their own index when they leave at most this many tickets in the reader's mailboxes;
 * those are then sorted directly. More than that means matches are dense enough for the ordered walk
 * to find a page quickly.
 */
const FEW_CANDIDATES = 10_000;

type TicketWhere = Omit<TicketFilter, "limit" | "cursor" | "sort"> & { candidateIds?: string[] | null };

async function findCandidates(ctx: Ctx, f: Omit<TicketFilter, "limit" | "cursor" | "sort">): Promise<string[] | null> {
  const scope = f.mailboxId ? [f.mailboxId] : f.mailboxIds && f.mailboxIds !== "all" ? f.mailboxIds : null;
  if (scope && scope.length === 0) return [];
  let rows: { id: string }[];
  if (f.tag) {
    let q = ctx.db.selectFrom("ticket_tags").select("ticket_id as id").where("tag", "=", f.tag);
    if (scope) q = q.where("mailbox_id", "in", scope);
    rows = await q.limit(FEW_CANDIDATES + 1).execute();
  } else if (f.createdFrom || f.createdTo) {
    let q = ctx.db.selectFrom("tickets").select("id");
    if (f.createdFrom) q = q.where("created_at", ">=", f.createdFrom);
    if (f.createdTo) q = q.where("created_at", "<", f.createdTo);
    if (scope) q = q.where("mailbox_id", "in", scope);
    rows = await q.limit(FEW_CANDIDATES + 1).execute();
  } else {
    return null;
  }
  return rows.length > FEW_CANDIDATES ? null : rows.map((r) => r.id);
}

async function withCandidates(ctx: Ctx, f: Omit<TicketFilter, "limit" | "cursor" | "sort">): Promise<TicketWhere> {
  return { ...f, candidateIds: await findCandidates(ctx, f) };
}

function filteredTickets(ctx: Ctx, f: TicketWhere) {
  let q = ctx.db.selectFrom("tickets");
  if (f.status?.length) q = q.where("status", "in", f.status);
  if (f.priority) q = q.where("priority", "=", f.priority);
  if (f.category) q = q.where("category", "=", f.category);
  if (f.mailboxIds && f.mailboxIds !== "all") {
    const scope = f.mailboxIds.length ? f.mailboxIds : ["-"];
    q = scope.length === 1 ? q.where("mailbox_id", "=", scope[0]!) : q.where(filterOnlyColumn(ctx.dialect, "mailbox_id"), "in", scope);
  }
  if (f.mailboxId) q = q.where("mailbox_id", "=", f.mailboxId);
  if (f.customerId) q = q.where("customer_id", "=", f.customerId);
  if (f.assigneeId === null) q = q.where("assignee_id", "is", null);
  else if (f.assigneeId) q = q.where("assignee_id", "=", f.assigneeId);
  if (f.candidateIds) q = q.where("id", "in", f.candidateIds.length ? f.candidateIds : ["-"]);
  if (f.tag && !f.candidateIds) q = q.where("id", "in", (eb) => eb.selectFrom("ticket_tags").select("ticket_id").where("tag", "=", f.tag!));
  if (f.createdFrom) q = q.where("created_at", ">=", f.createdFrom);
  if (f.createdTo) q = q.where("created_at", "<", f.createdTo);
  if (f.awaitingFirstResponse) q = q.where("first_responded_at", "is", null).where("first_response_due_at", "is not", null);
  if (f.dueAfter) q = q.where("first_response_due_at", ">=", f.dueAfter);
  if (f.dueBefore) q = q.where("first_response_due_at", "<", f.dueBefore);
  return q;
}

/** Newest first by activity (or creation), paged by (time, id) so deep pages cost the same as the first. */
export async function listTickets(ctx: Ctx, f: TicketFilter) {
  const col = f.sort === "created" ? "created_at" : "updated_at";
  let q = filteredTickets(ctx, await withCandidates(ctx, f)).selectAll();
  if (f.cursor) {
    const { at, id } = f.cursor;
    // A row-value comparison is one index range on both engines (an OR of two conditions is not).
    q = q.where((eb) => eb(eb.refTuple(col, "id"), "<", eb.tuple(at, id)));
  }
  return q.orderBy(col, "desc").orderBy("id", "desc").limit(f.limit).execute();
}

/** Counts up to `cap` (a bigger view shows "cap+": exact counts of huge views cost a scan). */
export async function countTickets(ctx: Ctx, f: Omit<TicketFilter, "limit" | "cursor" | "sort">, cap: number): Promise<number> {
  const inner = filteredTickets(ctx, await withCandidates(ctx, f)).select("id").limit(cap);
  const row = await ctx.db.selectFrom(inner.as("t")).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Names and first addresses for the customers and agents on one page of tickets. */
export async function listPeopleForTickets(ctx: Ctx, customerIds: string[], agentIds: string[]) {
  const customers = customerIds.length
    ? await ctx.db.selectFrom("customers").select(["id", "name"]).where("id", "in", customerIds).execute() : [];
  const addresses = customerIds.length
    ? await ctx.db.selectFrom("customer_addresses").select(["customer_id", "address"]).where("customer_id", "in", customerIds).orderBy("created_at").execute() : [];
  const agents = agentIds.length
    ? await ctx.db.selectFrom("agents").select(["id", "name"]).where("id", "in", agentIds).execute() : [];
  return { customers, addresses, agents };
}

export async function findLastMessageId(ctx: Ctx, ticketId: string): Promise<string | null> {
  const row = await ctx.db.selectFrom("messages").select("id").where("ticket_id", "=", ticketId)
    .orderBy("created_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();
  return row?.id ?? null;
}

/** Keeps the tag index in step with tickets.tags_json (call in the same transaction). */
export async function replaceTicketTags(ctx: Ctx, ticket: { id: string; mailboxId: string }, tags: string[]): Promise<void> {
  await ctx.db.deleteFrom("ticket_tags").where("ticket_id", "=", ticket.id).execute();
  const unique = [...new Set(tags)];
  if (unique.length) {
    await ctx.db.insertInto("ticket_tags").values(unique.map((tag) => ({ tag, mailbox_id: ticket.mailboxId, ticket_id: ticket.id }))).execute();
  }
}

/** Human numbers (`PD-100042`) of the given tickets, for lists of records that point at tickets. */
export async function ticketNumbersById(ctx: Ctx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.db.selectFrom("tickets").select(["id", "number"]).where("id", "in", wanted).execute();
  return new Map(rows.map((r) => [r.id, formatTicketNumber(ctx.services.config.ticketPrefix, r.number)]));
}
