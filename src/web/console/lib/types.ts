// Wire shapes of the console API (docs/console-api.md), as the browser sees them.
import type { Language } from "../../../common/i18n/index.ts";

export type Role = "admin" | "supervisor" | "agent" | "auditor";

export type Agent = {
  id: string;
  email: string;
  name: string;
  role: Role;
  language: Language;
  totpEnabled: boolean;
  disabled: boolean;
  mailboxIds: string[] | "all";
  mustChangePassword?: boolean;
};

export const statuses = ["new", "open", "pending", "on_hold", "solved", "closed"] as const;
export const priorities = ["low", "normal", "high", "urgent"] as const;
export const categories = ["payment_failed", "withdrawal", "refund", "account_frozen", "security_fraud", "complaint", "general", "privacy"] as const;
export const viewIds = ["new", "mine", "unassigned", "pending", "due_soon", "breached", "complaints", "all"] as const;
export const roles: readonly Role[] = ["admin", "supervisor", "agent", "auditor"];

export type Status = (typeof statuses)[number];
export type Priority = (typeof priorities)[number];
export type Category = (typeof categories)[number];
export type ViewId = (typeof viewIds)[number];

export type TicketSummary = {
  id: string;
  number: string;
  subject: string;
  status: Status;
  priority: Priority;
  category: Category | null;
  tags: string[];
  assigneeId: string | null;
  assigneeName?: string | null;
  mailboxId: string;
  customerId: string | null;
  customerName?: string | null;
  customerAddress?: string | null;
  channel: string;
  language: string | null;
  createdAt: string;
  updatedAt: string;
  firstResponseDueAt: string | null;
  firstRespondedAt: string | null;
};

export type Verdict = "verified" | "unverified" | "spoofed";

export type Attachment = {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  /** A released file the virus scan had held back: never shown to the customer. */
  agentOnly: boolean;
  /** What a later virus scan found in it: kept, not downloadable (no url then). */
  quarantine: string | null;
  url: string | null;
  previewUrl: string | null;
};

/** A file the virus scan kept off the ticket: malware found, or it could not check it. */
export type HeldBackAttachment = {
  /** null: nothing to release it by. */
  index: number | null;
  filename: string;
  reason: "malware" | "unscannable";
  detail: string;
  released: { at: string; by: string | null; byName: string | null } | null;
};

export type Message = {
  id: string;
  direction: "inbound" | "outbound" | "note";
  channel: string;
  from: { address: string; name: string | null } | null;
  to: string[];
  cc: string[];
  subject: string | null;
  text: string | null;
  quoted: string | null;
  signature: string | null;
  hasHtml: boolean;
  htmlUrl: string | null;
  authVerdict: Verdict | null;
  lookalike: { domain: string; resembles: string; reason: string } | null;
  redactions: unknown[];
  authorAgentId: string | null;
  authorName: string | null;
  createdAt: string;
  attachments: Attachment[];
  /** Files the virus scan held back (not downloadable unless an admin released them). */
  heldBackAttachments: HeldBackAttachment[];
};

export type TicketEvent = {
  id: string;
  /** What happened, e.g. `ticket.updated` (older answers call it `type`). */
  kind?: string;
  type?: string;
  actor?: { kind: string; id: string | null } | null;
  actorId?: string | null;
  actorName?: string | null;
  data?: Record<string, unknown> | null;
  createdAt: string;
};

export type Viewer = { agentId: string; name: string };

export type Customer = { id: string; name: string | null; notes?: string | null; createdAt?: string };
export type CustomerAddress = { address: string; verified?: boolean; kind?: string };

export type TicketDetail = {
  ticket: TicketSummary;
  participants: unknown[];
  messages: Message[];
  events: TicketEvent[];
  customer: (Customer & { addresses?: CustomerAddress[] }) | null;
  viewers: Viewer[];
};

export type Mailbox = { id: string; address: string; name: string };
export type CannedResponse = { id: string; title: string; body: string };
export type SearchResult = { ticket: TicketSummary; excerpt: string };
export type AuditEntry = {
  id: string;
  at?: string;
  createdAt?: string;
  action: string;
  actorId?: string | null;
  actorName?: string | null;
  actorEmail?: string | null;
  target?: string | null;
  ip?: string | null;
  detail?: unknown;
};

export type SignInStatus = "signed_in" | "totp_required" | "totp_enrolment_required";
export type SignInAnswer = { status: SignInStatus; csrfToken: string; agent?: Agent };

/** GET /api/admin/mail-status (server: modules/alerts/mail-status.query.ts). */
export type MailStatus = {
  imap: { name: string; host: string; user: string; folder: string; idle: boolean; state: "active" | "backoff" | "disabled" | "not yet polled"; lastError: string | null; updatedAt: string | null; lastUid: number | null }[];
  smtp: { enabledHere: boolean; port: number; starttls: boolean; maxMessageBytes: number };
  virusScan: { clamd: string | null };
  intake: { pending: number; oldestPendingAt: string | null; orphaned: string[]; held: number; dead: number; last24h: Record<string, number> };
  worker: { stalled: boolean; oldestDueAt: string | null };
  outbound: { mode: "relay" | "outbox"; queued: number; retrying: number; oldestQueuedAt: string | null; failed: number; bounced: number; outboxed: number };
  alerts: { key: string; kind: string; message: string; count: number; firstAt: string; lastAt: string; mailedAt: string | null; resolvedAt: string | null }[];
  problems: string[];
};

/** GET /api/dead-letters (intake records that failed processing for good). */
export type DeadLetter = { id: string; from: string | null; reason: string | null; attempts: number; receivedAt: string; processedAt: string | null };
