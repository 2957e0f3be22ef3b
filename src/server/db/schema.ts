// Row types as stored. Timestamps are ISO-8601 UTC strings on both dialects; JSON columns are text.
import type { Generated } from "kysely";

export type Iso = string;

export interface MailboxesTable { id: string; address: string; name: string; created_at: Iso }
export interface CustomersTable { id: string; name: string | null; language: string; created_at: Iso; notes: Generated<string> }
export interface CustomerAddressesTable { address: string; customer_id: string; created_at: Iso }
export interface AgentsTable {
  id: string; email: string; name: string; role: string; password_hash: string;
  must_change_password: number; disabled: number; created_at: Iso;
  /** When a one-time password stops working; null for a password the agent chose. */
  password_expires_at: Iso | null;
  language: Generated<string>; totp_secret_enc: string | null; totp_enabled: Generated<number>;
  totp_pending_enc: string | null; totp_last_step: number | string | null;
}
export interface AgentSessionsTable {
  id_hash: string; agent_id: string; stage: string; ip: string | null; user_agent: string | null;
  created_at: Iso; last_seen_at: Iso; expires_at: Iso;
}
export interface AgentRecoveryCodesTable { code_hash: string; agent_id: string; created_at: Iso; used_at: Iso | null }
export interface AgentMailboxesTable { agent_id: string; mailbox_id: string }
export interface AgentInvitationsTable {
  id: string; token_hash: string; email: string; name: string; role: string; mailbox_ids_json: string;
  invited_by: string | null; created_at: Iso; expires_at: Iso; accepted_at: Iso | null;
}
export interface PasswordResetsTable { token_hash: string; agent_id: string; created_at: Iso; expires_at: Iso; used_at: Iso | null }
export interface AuditLogTable {
  id: string; action: string; actor_kind: string; actor_id: string | null; request_id: string | null;
  data_json: string; created_at: Iso;
}
export interface AgentTokensTable { token_hash: string; agent_id: string; created_at: Iso; expires_at: Iso }
export interface TicketsTable {
  id: string; number: number; mailbox_id: string; customer_id: string; subject: string;
  status: string; priority: string; category: string; tags_json: string; assignee_id: string | null;
  channel: string; language: string; created_at: Iso; updated_at: Iso; last_customer_message_at: Iso | null;
  first_response_due_at: Iso | null; first_responded_at: Iso | null;
  /** Set when this ticket was merged: mail for it threads to that ticket. */
  merged_into_id: string | null;
}
export interface TicketParticipantsTable { ticket_id: string; address: string; role: string; created_at: Iso }
export interface MessagesTable {
  id: string; ticket_id: string; direction: string; channel: string; inbound_id: string | null;
  message_id_header: string | null; in_reply_to: string | null; references_json: string;
  from_address: string | null; from_name: string | null; to_json: string; cc_json: string;
  subject: string; text_body: string; html_body: string | null; quoted_text: string; signature_text: string;
  auth_verdict: string; auth_json: string; redactions_json: string; raw_blob_key: string | null;
  author_agent_id: string | null; created_at: Iso;
  /** What the customer chose on the contact form (WebFormFacts as JSON); null for other channels. */
  web_form_json?: string | null;
}
export interface AttachmentsTable {
  id: string; message_id: string; filename: string; content_type: string; size: number; sha256: string;
  blob_key: string; content_id: string | null; inline: number; created_at: Iso;
  /** 1: agents only (a released file the virus scan had held back); never shown or exported to customers. */
  agent_only: number;
  /** The last scan that found it clean, and the scanner's signature version then ("" when it named none). */
  scanned_at: Iso | null; scanned_with: string | null;
  /** What a later scan found in it: it is kept, and handed to no one. */
  quarantine: string | null;
}
export interface EventsTable {
  id: string; ticket_id: string | null; kind: string; actor_kind: string; actor_id: string | null;
  data_json: string; created_at: Iso;
}
export interface InboundTable {
  id: string; channel: string; mailbox_id: string | null; envelope_json: string; raw_blob_key: string;
  raw_sha256: string; content_sha256: string; message_id_header: string | null; from_address: string | null; size: number;
  status: string; reason: string | null; ticket_id: string | null; message_id: string | null;
  attempts: number; received_at: Iso; processed_at: Iso | null;
  /** from_address as per-address limits count it (ingest/address-key.ts). */
  address_key: Generated<string | null>;
}
export interface JobsTable {
  id: string; kind: string; payload_json: string; status: string; attempts: number; max_attempts: number;
  run_at: Iso; locked_until: Iso | null; last_error: string | null; dedupe_key: string | null;
  created_at: Iso; updated_at: Iso;
}
export interface OutboundMailTable {
  id: string; ticket_id: string | null; message_id: string | null; kind: string; to_address: string;
  subject: string; message_id_header: string; raw_blob_key: string | null; status: string; attempts: number;
  next_attempt_at: Iso; last_error: string | null; smtp_response: string | null; sent_at: Iso | null;
  created_at: Iso;
  /** The code in the mail's footer that /verify looks up (12 Crockford base32 characters, no dashes). */
  verification_code: Generated<string | null>;
  /** When a relay was first asked to take it; the retry period counts from here. */
  first_attempt_at: Generated<Iso | null>;
  /** to_address as per-address limits count it (ingest/address-key.ts). */
  address_key: Generated<string | null>;
}
export interface CountersTable { name: string; value: number }
export interface AlertsTable {
  key: string; kind: string; message: string; count: number; first_at: Iso; last_at: Iso;
  mailed_at: Iso | null; resolved_at: Iso | null;
}
export interface ImapCursorsTable {
  account: string; uid_validity: string; last_uid: number; state: string; last_error: string | null;
  updated_at: Iso;
  /** Started without importing existing mail: mail the server received up to this instant was already there. */
  old_mail_before: Generated<Iso | null>;
  /** After a UIDVALIDITY change: UIDs below this were in the re-read folder, so the cut-off applies to them. */
  old_mail_below_uid: Generated<number>;
  /** The message the server failed to deliver, and how many passes in a row it failed. */
  failing_uid: Generated<number | null>;
  failing_count: Generated<number>;
}

export interface TicketTagsTable { tag: string; mailbox_id: string; ticket_id: string }
export interface TicketViewersTable { ticket_id: string; agent_id: string; seen_at: Iso }
export interface UploadsTable {
  id: string; agent_id: string; filename: string; content_type: string; size: number; sha256: string;
  blob_key: string; created_at: Iso;
}

export interface CannedResponsesTable { id: string; title: string; body: string; created_by: string | null; created_at: Iso; updated_at: Iso }

/** One search document (a ticket's own fields, or one message); the tokens live in the engine's index. */
export interface SearchDocsTable { doc_id: Generated<number>; source: string; ticket_id: string }

export interface OfficialChannelsTable {
  id: string; kind: string; purpose: string; value: string; label_en: string; label_zh: string;
  hours_en: string; hours_zh: string; response_time_en: string; response_time_zh: string;
  sort_order: number; published: number; created_at: Iso; updated_at: Iso;
}
export interface FaqArticlesTable {
  id: string; slug: string; category: string; title_en: string; title_zh: string; body_en: string; body_zh: string;
  published: number; helpful_yes: number; helpful_no: number; created_at: Iso; updated_at: Iso;
}
export interface FaqTermsTable { token: string; article_id: string }

export interface TrackingLinksTable {
  id: string; token_hash: string; ticket_id: string; address: string; created_at: Iso; expires_at: Iso;
  revoked_at: Iso | null; last_used_at: Iso | null;
}
export interface SatisfactionSurveysTable { ticket_id: string; rating: number; comment: string; address: string; created_at: Iso; updated_at: Iso }
export interface PrivacyRequestsTable {
  id: string; token_hash: string; kind: string; address: string; source_ticket_id: string; note: string;
  created_at: Iso; expires_at: Iso; confirmed_at: Iso | null; privacy_ticket_id: string | null;
}

/** Small sealed blobs kept in the database (storage/tiered-store.ts). */
export interface BlobsTable { key: string; sealed: Buffer; size: number; created_at: Iso }

export interface Database {
  mailboxes: MailboxesTable;
  customers: CustomersTable;
  customer_addresses: CustomerAddressesTable;
  agents: AgentsTable;
  agent_tokens: AgentTokensTable;
  agent_sessions: AgentSessionsTable;
  agent_recovery_codes: AgentRecoveryCodesTable;
  agent_mailboxes: AgentMailboxesTable;
  agent_invitations: AgentInvitationsTable;
  password_resets: PasswordResetsTable;
  audit_log: AuditLogTable;
  tickets: TicketsTable;
  ticket_participants: TicketParticipantsTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  events: EventsTable;
  inbound: InboundTable;
  jobs: JobsTable;
  outbound_mail: OutboundMailTable;
  counters: CountersTable;
  imap_cursors: ImapCursorsTable;
  canned_responses: CannedResponsesTable;
  ticket_viewers: TicketViewersTable;
  ticket_tags: TicketTagsTable;
  uploads: UploadsTable;
  search_docs: SearchDocsTable;
  official_channels: OfficialChannelsTable;
  faq_articles: FaqArticlesTable;
  faq_terms: FaqTermsTable;
  tracking_links: TrackingLinksTable;
  satisfaction_surveys: SatisfactionSurveysTable;
  privacy_requests: PrivacyRequestsTable;
  blobs: BlobsTable;
  alerts: AlertsTable;
  /** Kysely's own bookkeeping (kept out of application queries). */
  _unused?: { id: Generated<number> };
}
