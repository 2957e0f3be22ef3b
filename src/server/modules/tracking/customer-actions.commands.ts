// What a customer may do to their ticket from the tracking page besides writing: close it, or reopen a solved one.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { updateTicket } from "../tickets/ticket.commands.ts";
import { findTicketById } from "../tickets/ticket.repo.ts";

/** The customer is done (typically after "solved"); recorded as their change on the ticket. */
export async function closeTicketByCustomer(ctx: Ctx, ticketId: string): Promise<void> {
  const ticket = await findTicketById(ctx, ticketId);
  if (!ticket) throw new AppError("not_found", "ticket not found");
  if (ticket.status === "closed") return;
  await updateTicket(ctx, ticketId, { status: "closed" });
}

/** "This is not solved after all": back to the agents' open queue. A closed ticket takes a follow-up instead. */
export async function reopenTicketByCustomer(ctx: Ctx, ticketId: string): Promise<void> {
  const ticket = await findTicketById(ctx, ticketId);
  if (!ticket) throw new AppError("not_found", "ticket not found");
  if (ticket.status !== "solved") throw new AppError("conflict", "only a solved request can be reopened");
  await updateTicket(ctx, ticketId, { status: "open" });
}
