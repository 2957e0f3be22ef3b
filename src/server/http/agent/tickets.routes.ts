// Agent API for tickets: each route shows its chain — auth → validate → load → authorize → command → present.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { decodeTimeCursor } from "../../paging.ts";
import { assertCanWrite, assertTicketVisible, canSeeMailbox, mailboxScope } from "../../modules/access/access.policy.ts";
import { markViewing } from "../../modules/tickets/presence.commands.ts";
import { updateTicket } from "../../modules/tickets/ticket.commands.ts";
import {
  countTicketViews, findTicketByRef, lastMessageIdOf, listTicketPage, loadTicketPage, presentTicketRows,
} from "../../modules/tickets/ticket.queries.ts";
import { ticketViews, viewFilter } from "../../modules/tickets/ticket-views.ts";
import { ticketCategories, ticketPriorities, ticketStatuses } from "../../modules/tickets/ticket.ts";
import { requireAgent } from "./require-agent.ts";

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be a date").transform((s) => new Date(s).toISOString());

const listQuery = z.object({
  view: z.enum(ticketViews).optional(),
  status: z.string().optional().transform((s) => s?.split(",").filter(Boolean)).pipe(z.array(z.enum(ticketStatuses)).optional()),
  priority: z.enum(ticketPriorities).optional(),
  category: z.enum(ticketCategories).optional(),
  mailbox: z.string().max(100).optional(),
  assignee: z.string().max(100).optional(),
  tag: z.string().max(50).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  sort: z.enum(["updated", "created"]).default("updated"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

const patchBody = z.object({
  status: z.enum(ticketStatuses).optional(),
  priority: z.enum(ticketPriorities).optional(),
  category: z.enum(ticketCategories).optional(),
  assigneeId: z.string().nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  mailboxId: z.string().max(100).optional(),
}).strict();

/** Loads a ticket by id or number and checks the agent may see it (404 either way, so ids cannot be probed). */
export async function loadVisibleTicket(ctx: Ctx, ref: string) {
  const ticket = await findTicketByRef(ctx, ref);
  if (!ticket) throw new AppError("not_found", "ticket not found");
  await assertTicketVisible(ctx, ticket);
  return ticket;
}

export function registerTicketRoutes(app: FastifyInstance, base: Ctx) {
  app.get("/api/views", async (req) => {
    const ctx = await requireAgent(base, req);
    return { views: await countTicketViews(ctx, mailboxScope(ctx)) };
  });

  app.get("/api/tickets", async (req) => {
    const ctx = await requireAgent(base, req);
    const q = listQuery.parse(req.query);
    const cursor = decodeTimeCursor(q.cursor);
    const me = ctx.actor.id;
    const assigneeId = q.assignee === "none" ? null : q.assignee === "me" ? me ?? "-" : q.assignee;
    return listTicketPage(ctx, {
      ...(q.view ? viewFilter(q.view, me, ctx.clock.now()) : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.priority ? { priority: q.priority } : {}),
      ...(q.category ? { category: q.category } : {}),
      ...(q.assignee !== undefined ? { assigneeId } : {}),
      mailboxIds: mailboxScope(ctx), mailboxId: q.mailbox, tag: q.tag, createdFrom: q.from, createdTo: q.to,
      sort: q.sort, cursor, limit: q.limit,
    });
  });

  app.get<{ Params: { ref: string } }>("/api/tickets/:ref", async (req) => {
    const ctx = await requireAgent(base, req);
    const ticket = await loadVisibleTicket(ctx, req.params.ref);
    const page = await loadTicketPage(ctx, ticket);
    const viewers = ctx.actor.id ? await markViewing(ctx, ticket.id, ctx.actor.id) : [];
    return { ...page, viewers };
  });

  app.patch<{ Params: { ref: string } }>("/api/tickets/:ref", async (req) => {
    const ctx = await requireAgent(base, req);
    const patch = patchBody.parse(req.body);
    assertCanWrite(ctx);
    const ticket = await loadVisibleTicket(ctx, req.params.ref);
    if (patch.mailboxId && !canSeeMailbox(ctx, patch.mailboxId)) throw new AppError("forbidden", "you cannot hand tickets to a mailbox you are not in");
    await updateTicket(ctx, ticket.id, patch);
    const [summary] = await presentTicketRows(ctx, [(await findTicketByRef(ctx, ticket.id))!]);
    return { ticket: summary };
  });

  // Heartbeat while a ticket is open: who else is looking, and the newest message (for collision warnings).
  app.post<{ Params: { ref: string } }>("/api/tickets/:ref/presence", async (req) => {
    const ctx = await requireAgent(base, req);
    const ticket = await loadVisibleTicket(ctx, req.params.ref);
    const viewers = ctx.actor.id ? await markViewing(ctx, ticket.id, ctx.actor.id) : [];
    return { viewers, lastMessageId: await lastMessageIdOf(ctx, ticket.id) };
  });
}
