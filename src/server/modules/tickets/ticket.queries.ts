// Reads the console needs, shaped for presenting: one page of a view, one ticket with its timeline.
import { heldBackOf } from "../attachments/held-back.ts";
import type { Ctx } from "../../context.ts";
import { encodeTimeCursor } from "../../paging.ts";
import type { TicketsTable } from "../../db/schema.ts";
import { listTicketEvents } from "../events/event.commands.ts";
import { officialChannels } from "../help-centre/official-channel.commands.ts";
import { checkAgainst } from "../lookalike/check-channel.ts";
import { compileOfficial } from "../lookalike/official.ts";
import { presentMessage, presentTicketSummary, type TicketPeople } from "./ticket.present.ts";
import {
  countTickets, findLastMessageId, findTicketById, findTicketByNumber, listMessageAttachments, listParticipants,
  listPeopleForTickets, listTicketMessages, listTickets, type TicketFilter,
} from "./ticket.repo.ts";
import { ticketViews, viewFilter, type TicketView } from "./ticket-views.ts";

/** Views show "1000+" beyond this: every counted ticket is a row read, eight views per sidebar refresh. */
export const VIEW_COUNT_CAP = 1_000;

/** Accepts a ticket id or its human number (OK-100042). */
export async function findTicketByRef(ctx: Ctx, ref: string): Promise<TicketsTable | undefined> {
  const m = /^[A-Z]{1,6}-(\d+)$/i.exec(ref);
  return m ? findTicketByNumber(ctx, Number(m[1])) : findTicketById(ctx, ref);
}

async function peopleFor(ctx: Ctx, tickets: TicketsTable[], extraAgentIds: string[] = []): Promise<TicketPeople> {
  const customerIds = [...new Set(tickets.map((t) => t.customer_id))];
  const agentIds = [...new Set([...tickets.map((t) => t.assignee_id).filter((x): x is string => !!x), ...extraAgentIds])];
  const { customers, addresses, agents } = await listPeopleForTickets(ctx, customerIds, agentIds);
  const firstAddress = new Map<string, string>();
  for (const a of addresses) if (!firstAddress.has(a.customer_id)) firstAddress.set(a.customer_id, a.address);
  return {
    customerName: new Map(customers.map((c) => [c.id, c.name])),
    customerAddress: firstAddress,
    agentName: new Map(agents.map((a) => [a.id, a.name])),
  };
}

export async function presentTicketRows(ctx: Ctx, rows: TicketsTable[]) {
  const people = await peopleFor(ctx, rows);
  return rows.map((t) => presentTicketSummary(t, ctx.services.config.ticketPrefix, people));
}

export async function listTicketPage(ctx: Ctx, filter: TicketFilter) {
  const rows = await listTickets(ctx, filter);
  const last = rows[rows.length - 1];
  const at = (t: TicketsTable) => (filter.sort === "created" ? t.created_at : t.updated_at);
  return {
    tickets: await presentTicketRows(ctx, rows),
    nextCursor: rows.length === filter.limit && last ? encodeTimeCursor({ at: at(last), id: last.id }) : null,
  };
}

export async function countTicketViews(ctx: Ctx, mailboxIds: string[] | "all") {
  const now = ctx.clock.now();
  const views: { id: TicketView; count: number; capped: boolean }[] = [];
  for (const id of ticketViews) {
    const count = await countTickets(ctx, { ...viewFilter(id, ctx.actor.id, now), mailboxIds }, VIEW_COUNT_CAP);
    views.push({ id, count, capped: count >= VIEW_COUNT_CAP });
  }
  return views;
}

/** Everything the ticket page shows, in one go. */
export async function loadTicketPage(ctx: Ctx, ticket: TicketsTable) {
  const [messages, participants, events] = await Promise.all([
    listTicketMessages(ctx, ticket.id), listParticipants(ctx, ticket.id), listTicketEvents(ctx, ticket.id),
  ]);
  const attachments = await listMessageAttachments(ctx, messages.map((m) => m.id));
  // Agents named on the page: authors, and admins who released a file the virus scan held back.
  const releasers = messages.flatMap((m) => (m.auth_json.includes('"released"') ? heldBackOf(m.auth_json).map((h) => h.released?.by) : []));
  const authorIds = [...messages.map((m) => m.author_agent_id), ...releasers].filter((x): x is string => !!x);
  const people = await peopleFor(ctx, [ticket], authorIds);
  const lookalikes = await lookalikeSenders(ctx, messages.filter((m) => m.direction === "inbound").map((m) => m.from_address));
  return {
    ticket: presentTicketSummary(ticket, ctx.services.config.ticketPrefix, people),
    participants,
    messages: messages.map((m) => ({
      ...presentMessage(m, attachments.filter((a) => a.message_id === m.id), people),
      lookalike: (m.direction === "inbound" && m.from_address && lookalikes.get(m.from_address)) || null,
    })),
    events,
    lastMessageId: messages[messages.length - 1]?.id ?? null,
  };
}


export const lastMessageIdOf = (ctx: Ctx, ticketId: string) => findLastMessageId(ctx, ticketId);

/** Senders whose address imitates one of ours (the console warns next to the message). */
async function lookalikeSenders(ctx: Ctx, addresses: (string | null)[]) {
  const out = new Map<string, { domain: string; resembles: string | null; reason: string | null }>();
  const unique = [...new Set(addresses.filter((a): a is string => !!a))];
  if (unique.length === 0) return out;
  const official = compileOfficial(await officialChannels(ctx));
  for (const address of unique) {
    const check = checkAgainst(address, official);
    if (check.verdict !== "lookalike") continue;
    const reason = check.reasons.find((r) => r.code !== "punycode" && r.code !== "mixed_script") ?? check.reasons[0];
    const shown = check.display.unicode;
    out.set(address, { domain: shown.slice(shown.lastIndexOf("@") + 1), resembles: check.resembles ?? null, reason: reason?.code ?? null });
  }
  return out;
}
