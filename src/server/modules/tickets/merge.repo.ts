// Where a merged ticket's conversation lives now.
import type { Ctx } from "../../context.ts";
import { findTicketById } from "./ticket.repo.ts";

// Merges re-point earlier merges at the new survivor, so one hop is the rule; the cap only guards bad data.
const MAX_HOPS = 8;

/** The ticket itself, or the ticket it was merged into (following merges of merges). */
export async function findSurvivingTicket(ctx: Ctx, ticketId: string) {
  let ticket = await findTicketById(ctx, ticketId);
  for (let hops = 0; ticket?.merged_into_id && hops < MAX_HOPS; hops++) {
    ticket = await findTicketById(ctx, ticket.merged_into_id);
  }
  return ticket;
}
