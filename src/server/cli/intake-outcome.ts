// How one intake record ended, in the words a command prints: `processed ticket OK-100042`,
// `dropped (duplicate of …)`, `dead (TypeError: …)`.
import type { Ctx } from "../context.ts";
import { findIntake } from "../modules/inbound/inbound.repo.ts";
import { formatTicketNumber } from "../modules/tickets/ticket.ts";
import { findTicketById } from "../modules/tickets/ticket.repo.ts";

export async function intakeOutcome(ctx: Ctx, inboundId: string): Promise<{ status: string; text: string }> {
  const row = await findIntake(ctx, inboundId);
  if (!row) return { status: "pending", text: "pending" };
  const ticket = row.ticket_id ? await findTicketById(ctx, row.ticket_id) : undefined;
  const text = [row.status, row.reason && `(${row.reason})`, ticket && `ticket ${formatTicketNumber(ctx.services.config.ticketPrefix, ticket.number)}`]
    .filter(Boolean).join(" ");
  return { status: row.status, text };
}
