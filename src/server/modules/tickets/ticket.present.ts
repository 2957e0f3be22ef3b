// What leaves the server about a ticket, for agents. (Customers get their own presenter later.)
import type { AttachmentsTable, MessagesTable, TicketsTable } from "../../db/schema.ts";
import { formatTicketNumber } from "./ticket.ts";

export function presentTicketSummary(t: TicketsTable, prefix: string) {
  return {
    id: t.id,
    number: formatTicketNumber(prefix, t.number),
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    category: t.category,
    tags: JSON.parse(t.tags_json) as string[],
    assigneeId: t.assignee_id,
    mailboxId: t.mailbox_id,
    customerId: t.customer_id,
    channel: t.channel,
    language: t.language,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    firstResponseDueAt: t.first_response_due_at,
    firstRespondedAt: t.first_responded_at,
  };
}

export function presentMessage(m: MessagesTable, attachments: AttachmentsTable[]) {
  return {
    id: m.id,
    direction: m.direction,
    channel: m.channel,
    messageIdHeader: m.message_id_header,
    from: m.from_address ? { address: m.from_address, name: m.from_name } : null,
    to: JSON.parse(m.to_json) as string[],
    cc: JSON.parse(m.cc_json) as string[],
    subject: m.subject,
    text: m.text_body,
    html: m.html_body,
    quoted: m.quoted_text,
    signature: m.signature_text,
    authVerdict: m.auth_verdict,
    auth: JSON.parse(m.auth_json) as Record<string, unknown>,
    redactions: JSON.parse(m.redactions_json) as unknown[],
    authorAgentId: m.author_agent_id,
    createdAt: m.created_at,
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size, inline: a.inline === 1, contentId: a.content_id })),
  };
}
