// What leaves the server about a ticket, for agents. (Customers get their own presenter.)
import { heldBackOf } from "../attachments/held-back.ts";
import type { AttachmentsTable, MessagesTable, TicketsTable } from "../../db/schema.ts";
import { formatTicketNumber } from "./ticket.ts";
import type { WebFormFacts } from "../../ingest/web-form/form-fields.ts";

/** Names looked up once per page, so a list of 50 tickets costs three small queries, not 150. */
export type TicketPeople = {
  customerName: Map<string, string | null>;
  customerAddress: Map<string, string>;
  agentName: Map<string, string>;
};

const noPeople: TicketPeople = { customerName: new Map(), customerAddress: new Map(), agentName: new Map() };

export function presentTicketSummary(t: TicketsTable, prefix: string, people: TicketPeople = noPeople) {
  return {
    id: t.id,
    number: formatTicketNumber(prefix, t.number),
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    category: t.category,
    tags: JSON.parse(t.tags_json) as string[],
    assigneeId: t.assignee_id,
    assigneeName: t.assignee_id ? people.agentName.get(t.assignee_id) ?? null : null,
    mailboxId: t.mailbox_id,
    customerId: t.customer_id,
    customerName: people.customerName.get(t.customer_id) ?? null,
    customerAddress: people.customerAddress.get(t.customer_id) ?? null,
    channel: t.channel,
    language: t.language,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    firstResponseDueAt: t.first_response_due_at,
    firstRespondedAt: t.first_responded_at,
  };
}

export type TicketSummary = ReturnType<typeof presentTicketSummary>;

/** Images a browser can preview without running anything (no SVG: it can carry script). */
export const previewableImageTypes = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export function presentMessage(m: MessagesTable, attachments: AttachmentsTable[], people: TicketPeople = noPeople) {
  const auth = JSON.parse(m.auth_json) as Record<string, unknown>;
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
    quoted: m.quoted_text,
    signature: m.signature_text,
    // The HTML itself is served only through the sandboxed frame URL, never inside JSON the console renders.
    hasHtml: !!m.html_body,
    htmlUrl: m.html_body ? `/api/messages/${m.id}/html` : null,
    authVerdict: m.auth_verdict,
    auth,
    redactions: JSON.parse(m.redactions_json) as unknown[],
    // Contact-form requests: the customer's category, urgency, transaction id and how they want to hear back.
    webForm: m.web_form_json ? (JSON.parse(m.web_form_json) as WebFormFacts) : null,
    authorAgentId: m.author_agent_id,
    authorName: m.author_agent_id ? people.agentName.get(m.author_agent_id) ?? null : null,
    createdAt: m.created_at,
    attachments: attachments.map((a) => ({
      id: a.id, filename: a.filename, contentType: a.content_type, size: a.size, inline: a.inline === 1, contentId: a.content_id,
      agentOnly: a.agent_only === 1,
      // Quarantined by a later scan (modules/attachments/rescan.ts): named, never offered.
      quarantine: a.quarantine,
      url: a.quarantine ? null : `/api/attachments/${a.id}`,
      previewUrl: !a.quarantine && previewableImageTypes.has(a.content_type) ? `/api/attachments/${a.id}?inline=1` : null,
    })),
    // Files the virus scan held back: not downloadable; only the sealed original message has them.
    heldBackAttachments: heldBackOf(m.auth_json).map((h) => ({
      // null: recorded without what a release needs to find it again (nothing to release by).
      index: Number.isInteger(h.index) && h.sha256 ? h.index : null, filename: h.filename, reason: h.reason, detail: h.detail,
      released: h.released ? { at: h.released.at, by: h.released.by, byName: h.released.by ? people.agentName.get(h.released.by) ?? null : null } : null,
    })),
  };
}
