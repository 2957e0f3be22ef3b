// Intake records as the agent API shows them (GET /api/intake, /api/dead-letters): camelCase like the rest
// of the API, with the ticket's human number beside its id.
import type { Ctx } from "../../context.ts";
import { ticketNumbersById } from "../tickets/ticket.repo.ts";
import type { listIntake } from "./inbound.repo.ts";

type IntakeRow = Awaited<ReturnType<typeof listIntake>>[number];

export type IntakeItem = {
  id: string; channel: string; mailboxId: string | null; messageIdHeader: string | null; from: string | null; size: number;
  status: string; reason: string | null; ticketId: string | null; ticketNumber: string | null; attempts: number;
  receivedAt: string; processedAt: string | null;
};

export async function presentIntake(ctx: Ctx, rows: IntakeRow[]): Promise<IntakeItem[]> {
  const numbers = await ticketNumbersById(ctx, rows.map((r) => r.ticket_id));
  return rows.map((r) => ({
    id: r.id, channel: r.channel, mailboxId: r.mailbox_id, messageIdHeader: r.message_id_header, from: r.from_address, size: r.size,
    status: r.status, reason: r.reason, ticketId: r.ticket_id, ticketNumber: r.ticket_id ? numbers.get(r.ticket_id) ?? null : null,
    attempts: r.attempts, receivedAt: r.received_at, processedAt: r.processed_at,
  }));
}
