// Outbound mail as the agent API shows it (GET /api/outbox): camelCase like the rest of the API, the
// ticket's human number, and of a kept message only its file's name (where the server keeps it is not
// the agents' business).
import { basename } from "node:path";
import type { Ctx } from "../context.ts";
import { ticketNumbersById } from "../modules/tickets/ticket.repo.ts";
import type { OutboundMailTable } from "../db/schema.ts";

const KEPT = "kept in outbox: ";

export type OutboundMailItem = {
  id: string; ticketId: string | null; ticketNumber: string | null; kind: string; to: string; subject: string;
  messageIdHeader: string; status: string; attempts: number; nextAttemptAt: string; lastError: string | null;
  response: string | null; outboxFile: string | null; sentAt: string | null; createdAt: string;
};

export async function presentOutboundMail(ctx: Ctx, rows: Omit<OutboundMailTable, "verification_code" | "first_attempt_at" | "address_key">[]): Promise<OutboundMailItem[]> {
  const numbers = await ticketNumbersById(ctx, rows.map((r) => r.ticket_id));
  return rows.map((r) => {
    const kept = r.smtp_response?.startsWith(KEPT) ? basename(r.smtp_response.slice(KEPT.length)) : null;
    return {
      id: r.id, ticketId: r.ticket_id, ticketNumber: r.ticket_id ? numbers.get(r.ticket_id) ?? null : null, kind: r.kind,
      to: r.to_address, subject: r.subject, messageIdHeader: r.message_id_header, status: r.status, attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at, lastError: r.last_error, response: kept ? "kept in outbox" : r.smtp_response,
      outboxFile: kept, sentAt: r.sent_at, createdAt: r.created_at,
    };
  });
}
