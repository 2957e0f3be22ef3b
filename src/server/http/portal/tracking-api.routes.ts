// Agent API around tracking: revoke a ticket's magic links, and read satisfaction-survey results.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { assertCanWrite, mailboxScope, requireRole } from "../../modules/access/access.policy.ts";
import { listSurveys } from "../../modules/tracking/survey.queries.ts";
import { decodeTimeCursor } from "../../paging.ts";
import { revokeTicketTrackingLinks } from "../../modules/tracking/tracking-link.commands.ts";
import { requireAgent } from "../agent/require-agent.ts";
import { loadVisibleTicket } from "../agent/tickets.routes.ts";

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be a date").transform((s) => new Date(s).toISOString());

const surveyQuery = z.object({
  mailbox: z.string().max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function registerTrackingApiRoutes(app: FastifyInstance, base: Ctx) {
  app.post<{ Params: { ref: string } }>("/api/tickets/:ref/tracking-links/revoke", async (req) => {
    const ctx = await requireAgent(base, req);
    assertCanWrite(ctx);
    const ticket = await loadVisibleTicket(ctx, req.params.ref);
    return { revoked: await revokeTicketTrackingLinks(ctx, ticket.id) };
  });

  app.get("/api/surveys", async (req) => {
    const ctx = await requireAgent(base, req);
    await requireRole(ctx, "admin", "supervisor");
    const q = surveyQuery.parse(req.query);
    const cursor = decodeTimeCursor(q.cursor);
    return listSurveys(ctx, { mailboxIds: mailboxScope(ctx), mailboxId: q.mailbox, from: q.from, to: q.to, cursor, limit: q.limit });
  });
}
