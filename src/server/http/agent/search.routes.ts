// Agent API: full-text search over the tickets the agent may see.
// Chain: auth → validate → scope (mailboxes the agent may see, narrowed by ?mailbox) → query → present.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { mailboxScope } from "../../modules/access/access.policy.ts";
import { MAX_SEARCH_LIMIT } from "../../modules/search/search.commands.ts";
import { searchTicketPage } from "../../modules/search/search.queries.ts";
import { ticketStatuses } from "../../modules/tickets/ticket.ts";
import { requireAgent } from "./require-agent.ts";

const searchQuery = z.object({
  q: z.string().max(500).default(""),
  status: z.string().optional().transform((s) => s?.split(",").filter(Boolean)).pipe(z.array(z.enum(ticketStatuses)).optional()),
  mailbox: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(25),
  cursor: z.string().max(200).optional(),
});

export function registerSearchRoutes(app: FastifyInstance, base: Ctx) {
  app.get("/api/search", async (req) => {
    const ctx = await requireAgent(base, req);
    const q = searchQuery.parse(req.query);
    const scope = mailboxScope(ctx);
    // A mailbox outside the scope narrows to nothing rather than widening anything.
    const mailboxIds = q.mailbox ? (scope === "all" || scope.includes(q.mailbox) ? [q.mailbox] : []) : scope;
    return searchTicketPage(ctx, { text: q.q, mailboxIds, status: q.status, limit: q.limit, cursor: q.cursor });
  });
}
