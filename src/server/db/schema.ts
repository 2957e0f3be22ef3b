// Row types as stored. Timestamps are ISO-8601 UTC strings on both dialects; JSON columns are text.
import type { Generated } from "kysely";

export type Iso = string;

export interface MailboxesTable { id: string; address: string; name: string; created_at: Iso }
export interface CustomersTable { id: string; name: string | null; language: string; created_at: Iso }
export interface CustomerAddressesTable { address: string; customer_id: string; created_at: Iso }
export interface AgentsTable {
  id: string; email: string; name: string; role: string; password_hash: string;
  must_change_password: number; disabled: number; created_at: Iso;
}
export interface AgentTokensTable { token_hash: string; agent_id: string; created_at: Iso; expires_at: Iso }
export interface TicketsTable {
  id: string; number: number; mailbox_id: string; customer_id: string; subject: string;
  status: string; priority: string; category: string; tags_json: string; assignee_id: string | null;
  channel: string; language: string; created_at: Iso; updated_at: Iso; last_customer_message_at: Iso | null;
  first_response_due_at: Iso | null; first_responded_at: Iso | null;
}
export interface TicketParticipantsTable { ticket_id: string; address: string; role: string; created_at: Iso }
export interface MessagesTable {
  id: string; ticket_id: string; direction: string; channel: string; inbound_id: string | null;
  message_id_header: string | null; in_reply_to: string | null; references_json: string;
  from_address: string | null; from_name: string | null; to_json: string; cc_json: string;
  subject: string; text_body: string; html_body: string | null; quoted_text: string; signature_text: string;
  auth_verdict: string; auth_json: string; redactions_json: string; raw_blob_key: string | null;
  author_agent_id: string | null; created_at: Iso;
}
export interface AttachmentsTable {
  id: string; message_id: string; filename: string; content_type: string; size: number; sha256: string;
  blob_key: string; content_id: string | null; inline: number; created_at: Iso;
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
}
export interface CountersTable { name: string; value: number }
export interface ImapCursorsTable {
  account: string; uid_validity: string; last_uid: number; state: string; last_error: string | null;
  updated_at: Iso;
}

export interface Database {
  mailboxes: MailboxesTable;
  customers: CustomersTable;
  customer_addresses: CustomerAddressesTable;
  agents: AgentsTable;
  agent_tokens: AgentTokensTable;
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
  /** Kysely's own bookkeeping (kept out of application queries). */
  _unused?: { id: Generated<number> };
}
