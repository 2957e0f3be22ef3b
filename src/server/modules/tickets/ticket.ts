// Ticket domain: the words we use and the rules that need no database.
export const ticketStatuses = ["new", "open", "pending", "on_hold", "solved", "closed"] as const;
export const ticketPriorities = ["low", "normal", "high", "urgent"] as const;
export const ticketCategories = [
  "payment_failed", "withdrawal", "refund", "account_frozen", "security_fraud", "complaint", "general",
  // Data-rights requests (export, deletion) confirmed through a tracking link; never chosen by triage.
  "privacy",
] as const;

export type TicketStatus = (typeof ticketStatuses)[number];
export type TicketPriority = (typeof ticketPriorities)[number];
export type TicketCategory = (typeof ticketCategories)[number];

export const FIRST_TICKET_NUMBER = 100000;

export function formatTicketNumber(prefix: string, number: number): string {
  return `${prefix}-${number}`;
}

/** `[#PD-100042]` anywhere in a subject; the prefix must be ours. */
export function ticketNumberInSubject(subject: string, prefix: string): number | null {
  const m = new RegExp(`\\[#${prefix}-(\\d{1,12})\\]`, "i").exec(subject);
  return m ? Number(m[1]) : null;
}

export function subjectWithNumber(subject: string, prefix: string, number: number): string {
  const tag = `[#${formatTicketNumber(prefix, number)}]`;
  return subject.includes(tag) ? subject : `${subject} ${tag}`.trim();
}

/** Strips Re:/Fwd:/回复:/转发: and our number tag, for a clean ticket subject. */
export function cleanSubject(subject: string): string {
  let s = subject.trim();
  for (;;) {
    const next = s.replace(/^(re|fw|fwd|aw|sv|答复|回复|转发)\s*(\[\d+\])?\s*[:：]\s*/i, "").trim();
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s*\[#[A-Z]{1,6}-\d+\]\s*/g, " ").trim() || "(no subject)";
}

const rank: Record<TicketPriority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
export const higherPriority = (a: TicketPriority, b: TicketPriority): TicketPriority => (rank[a] >= rank[b] ? a : b);

/** Status after a customer writes: anything but closed reopens; closed starts a follow-up ticket. */
export function statusAfterCustomerMessage(current: TicketStatus): TicketStatus | "follow_up" {
  if (current === "closed") return "follow_up";
  if (current === "new") return "new";
  return "open";
}
