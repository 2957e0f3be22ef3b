// What a customer sees of their ticket: status and priority in their words, the expected answer time, and the
// customer-visible timeline. Built from an allowlist of fields; notes, events, agents and auth data never appear.
import { heldBackOf } from "../attachments/held-back.ts";
import type { AttachmentsTable, MessagesTable, SatisfactionSurveysTable, TicketsTable } from "../../db/schema.ts";
import { formatTicketNumber } from "../tickets/ticket.ts";

export type CustomerStatus = "received" | "in_progress" | "waiting_for_you" | "on_hold" | "solved" | "closed";
export type CustomerPriority = "standard" | "high" | "urgent";
export type Expectation =
  | { kind: "reply_by"; at: string }
  | { kind: "usual"; hours: number }
  | { kind: "waiting_for_you" }
  | { kind: "none" };

/** A survey answer can be changed for this long after it was first given. */
export const SURVEY_CHANGE_DAYS = 7;

const statusFor: Record<string, CustomerStatus> = {
  new: "received", open: "in_progress", pending: "waiting_for_you", on_hold: "on_hold", solved: "solved", closed: "closed",
};
const priorityFor: Record<string, CustomerPriority> = { low: "standard", normal: "standard", high: "high", urgent: "urgent" };

function expectationOf(t: TicketsTable, firstResponseHours: number, now: Date): Expectation {
  if (t.status === "pending") return { kind: "waiting_for_you" };
  if (t.status === "solved" || t.status === "closed") return { kind: "none" };
  if (!t.first_responded_at && t.first_response_due_at && Date.parse(t.first_response_due_at) > now.getTime()) {
    return { kind: "reply_by", at: t.first_response_due_at };
  }
  return { kind: "usual", hours: firstResponseHours };
}

export type CustomerMessage = {
  id: string;
  direction: "inbound" | "outbound";
  /** "you" for the address the link was mailed to, "support" for us, else the other participant's address. */
  author: { kind: "you" | "support" | "participant"; label: string };
  text: string;
  createdAt: string;
  attachments: { id: string; filename: string; size: number; contentType: string }[];
  /** Files the virus scan keeps off the page, named so the sender knows: held back on arrival, or quarantined by a later scan. */
  heldBackFiles: { filename: string; reason: "malware" | "unscannable" | "quarantined" }[];
};

export function presentTicketForCustomer(
  data: { ticket: TicketsTable; messages: MessagesTable[]; attachments: AttachmentsTable[]; survey: SatisfactionSurveysTable | undefined; supportName: string },
  viewer: { address: string; prefix: string; firstResponseHours: number; now: Date },
) {
  const { ticket: t } = data;
  const status = statusFor[t.status] ?? "in_progress";
  const messages: CustomerMessage[] = data.messages
    .filter((m): m is MessagesTable & { direction: "inbound" | "outbound" } => m.direction === "inbound" || m.direction === "outbound")
    .map((m) => ({
      id: m.id,
      direction: m.direction,
      author: m.direction === "outbound"
        ? { kind: "support" as const, label: data.supportName }
        : m.from_address === viewer.address
          ? { kind: "you" as const, label: m.from_address }
          : { kind: "participant" as const, label: m.from_address ?? "" },
      text: m.text_body,
      createdAt: m.created_at,
      attachments: data.attachments.filter((a) => a.message_id === m.id && !a.quarantine)
        .map((a) => ({ id: a.id, filename: a.filename, size: a.size, contentType: a.content_type })),
      // A file an admin released is an attachment now; one a later scan quarantined is held back again.
      heldBackFiles: [
        ...heldBackOf(m.auth_json).filter((h) => !h.released).map((h) => ({ filename: h.filename, reason: h.reason })),
        ...data.attachments.filter((a) => a.message_id === m.id && a.quarantine).map((a) => ({ filename: a.filename, reason: "quarantined" as const })),
      ],
    }));
  const survey = data.survey;
  const surveyChangeable = !survey || Date.parse(survey.created_at) + SURVEY_CHANGE_DAYS * 86_400_000 > viewer.now.getTime();
  return {
    ref: formatTicketNumber(viewer.prefix, t.number),
    subject: t.subject,
    status,
    priority: priorityFor[t.priority] ?? "standard",
    expectation: expectationOf(t, viewer.firstResponseHours, viewer.now),
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    messages,
    // A closed ticket takes no more replies here; mail to it starts a follow-up, as e-mail does.
    canReply: t.status !== "closed",
    canClose: t.status !== "closed",
    canReopen: t.status === "solved",
    survey: {
      offered: t.status === "solved" || t.status === "closed",
      answer: survey ? { rating: survey.rating, comment: survey.comment, at: survey.updated_at } : null,
      changeable: surveyChangeable,
    },
  };
}

export type CustomerTicket = ReturnType<typeof presentTicketForCustomer>;
