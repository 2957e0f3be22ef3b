// A page of search results as the console shows them: each ticket's summary with its excerpt.
import type { Ctx } from "../../context.ts";
import { presentTicketRows } from "../tickets/ticket.queries.ts";
import { searchTickets, type SearchQuery } from "./search.commands.ts";
import { findTicketsInOrder } from "./search.repo.ts";

export async function searchTicketPage(ctx: Ctx, q: SearchQuery) {
  const page = await searchTickets(ctx, q);
  const summaries = await presentTicketRows(ctx, await findTicketsInOrder(ctx, page.results.map((r) => r.ticketId)));
  const byId = new Map(summaries.map((t) => [t.id, t]));
  return {
    results: page.results.flatMap((r) => {
      const ticket = byId.get(r.ticketId);
      return ticket ? [{ ticket, excerpt: r.excerpt }] : [];
    }),
    nextCursor: page.nextCursor,
  };
}
