// Agent API: canned responses. Everyone reads them; admins and supervisors write them.
// Each route: auth → validate → load → authorize → command → present.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { assertRole, assertTicketVisible } from "../../modules/access/access.policy.ts";
import {
  CANNED_BODY_MAX, CANNED_TITLE_MAX, createCannedResponse, listCannedResponses, renderCannedResponsesFor,
} from "../../modules/canned/canned.commands.ts";
import { findTicketByRef } from "../../modules/tickets/ticket.queries.ts";
import { requireAgent } from "./require-agent.ts";

const listQuery = z.object({ ticket: z.string().trim().min(1).max(100).optional() });
const createBody = z.object({ title: z.string().trim().min(1).max(CANNED_TITLE_MAX), body: z.string().min(1).max(CANNED_BODY_MAX) }).strict();

export function registerCannedRoutes(app: FastifyInstance, base: Ctx) {
  app.get("/api/canned-responses", async (req) => {
    const ctx = await requireAgent(base, req);
    const q = listQuery.parse(req.query);
    const responses = await listCannedResponses(ctx);
    if (!q.ticket) return { responses };
    // With ?ticket= each response also comes filled in for that ticket (its customer, its number, this agent).
    const ticket = await findTicketByRef(ctx, q.ticket);
    if (!ticket) throw new AppError("not_found", "ticket not found");
    await assertTicketVisible(ctx, ticket);
    return { responses: await renderCannedResponsesFor(ctx, ticket, responses) };
  });

  app.post("/api/canned-responses", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    const body = createBody.parse(req.body);
    assertRole(ctx, "admin", "supervisor");
    return reply.status(201).send({ response: await createCannedResponse(ctx, body) });
  });
}
