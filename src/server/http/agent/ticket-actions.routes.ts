// Agent API: merging two tickets and changing many at once.
// Each route: auth → validate → load → authorize → command → present.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { assertCanWrite, assertTicketVisible } from "../../modules/access/access.policy.ts";
import { BULK_LIMIT, bulkUpdateTickets } from "../../modules/tickets/bulk.commands.ts";
import { mergeTickets } from "../../modules/tickets/merge.commands.ts";
import { findTicketByRef, presentTicketRows } from "../../modules/tickets/ticket.queries.ts";
import { ticketPriorities, ticketStatuses } from "../../modules/tickets/ticket.ts";
import { requireAgent } from "./require-agent.ts";

const ref = z.string().trim().min(1).max(100);
const mergeBody = z.object({ into: ref }).strict();
const bulkBody = z.object({
  ids: z.array(z.string().min(1).max(100)).min(1).max(BULK_LIMIT),
  patch: z.object({
    status: z.enum(ticketStatuses).optional(),
    priority: z.enum(ticketPriorities).optional(),
    assigneeId: z.string().max(100).nullable().optional(),
    addTags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  }).strict().refine((p) => Object.values(p).some((v) => v !== undefined), "patch changes nothing"),
}).strict();

/** 404 for a missing ticket and for one outside the agent's mailboxes alike. */
async function loadVisibleTicket(ctx: Ctx, ticketRef: string) {
  const ticket = await findTicketByRef(ctx, ticketRef);
  if (!ticket) throw new AppError("not_found", "ticket not found");
  await assertTicketVisible(ctx, ticket);
  return ticket;
}

export function registerTicketActionRoutes(app: FastifyInstance, base: Ctx) {
  app.post<{ Params: { ref: string } }>("/api/tickets/:ref/merge", async (req) => {
    const ctx = await requireAgent(base, req);
    const body = mergeBody.parse(req.body);
    const source = await loadVisibleTicket(ctx, req.params.ref);
    const target = await loadVisibleTicket(ctx, body.into);
    assertCanWrite(ctx);
    const { targetId } = await mergeTickets(ctx, source.id, target.id);
    const [ticket] = await presentTicketRows(ctx, [(await findTicketByRef(ctx, targetId))!]);
    return { ticket };
  });

  app.post("/api/tickets/bulk", async (req) => {
    const ctx = await requireAgent(base, req);
    const body = bulkBody.parse(req.body);
    assertCanWrite(ctx);
    // Tickets outside the agent's mailboxes are skipped inside the command, not reported.
    return bulkUpdateTickets(ctx, body.ids, body.patch);
  });
}
