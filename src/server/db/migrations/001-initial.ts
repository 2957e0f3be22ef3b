// Frozen in time: takes an untyped handle so later schema types cannot change what it does.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ts = dialect === "postgres" ? sql`timestamptz` : sql`text`;
  const text = sql`text`;
  const int = sql`integer`;
  const big = dialect === "postgres" ? sql`bigint` : sql`integer`;

  await db.schema.createTable("mailboxes")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("address", text, (c) => c.notNull().unique())
    .addColumn("name", text, (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();

  await db.schema.createTable("customers")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("name", text)
    .addColumn("language", text, (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();

  await db.schema.createTable("customer_addresses")
    .addColumn("address", text, (c) => c.primaryKey())
    .addColumn("customer_id", text, (c) => c.notNull().references("customers.id"))
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("customer_addresses_customer").on("customer_addresses").column("customer_id").execute();

  await db.schema.createTable("agents")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("email", text, (c) => c.notNull().unique())
    .addColumn("name", text, (c) => c.notNull())
    .addColumn("role", text, (c) => c.notNull())
    .addColumn("password_hash", text, (c) => c.notNull())
    .addColumn("must_change_password", int, (c) => c.notNull().defaultTo(0))
    .addColumn("disabled", int, (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();

  await db.schema.createTable("agent_tokens")
    .addColumn("token_hash", text, (c) => c.primaryKey())
    .addColumn("agent_id", text, (c) => c.notNull().references("agents.id"))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("expires_at", ts, (c) => c.notNull())
    .execute();

  await db.schema.createTable("tickets")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("number", big, (c) => c.notNull().unique())
    .addColumn("mailbox_id", text, (c) => c.notNull().references("mailboxes.id"))
    .addColumn("customer_id", text, (c) => c.notNull().references("customers.id"))
    .addColumn("subject", text, (c) => c.notNull())
    .addColumn("status", text, (c) => c.notNull())
    .addColumn("priority", text, (c) => c.notNull())
    .addColumn("category", text, (c) => c.notNull())
    .addColumn("tags_json", text, (c) => c.notNull().defaultTo("[]"))
    .addColumn("assignee_id", text, (c) => c.references("agents.id"))
    .addColumn("channel", text, (c) => c.notNull())
    .addColumn("language", text, (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .addColumn("last_customer_message_at", ts)
    .addColumn("first_response_due_at", ts)
    .addColumn("first_responded_at", ts)
    .execute();
  await db.schema.createIndex("tickets_status_updated").on("tickets").columns(["status", "updated_at", "id"]).execute();
  await db.schema.createIndex("tickets_customer").on("tickets").columns(["customer_id", "created_at"]).execute();
  await db.schema.createIndex("tickets_assignee").on("tickets").columns(["assignee_id", "updated_at"]).execute();

  await db.schema.createTable("ticket_participants")
    .addColumn("ticket_id", text, (c) => c.notNull().references("tickets.id"))
    .addColumn("address", text, (c) => c.notNull())
    .addColumn("role", text, (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_participants_pk", ["ticket_id", "address"])
    .execute();

  await db.schema.createTable("inbound")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("channel", text, (c) => c.notNull())
    .addColumn("mailbox_id", text, (c) => c.references("mailboxes.id"))
    .addColumn("envelope_json", text, (c) => c.notNull())
    .addColumn("raw_blob_key", text, (c) => c.notNull())
    .addColumn("raw_sha256", text, (c) => c.notNull())
    .addColumn("content_sha256", text, (c) => c.notNull())
    .addColumn("message_id_header", text)
    .addColumn("from_address", text)
    .addColumn("size", int, (c) => c.notNull())
    .addColumn("status", text, (c) => c.notNull())
    .addColumn("reason", text)
    .addColumn("ticket_id", text)
    .addColumn("message_id", text)
    .addColumn("attempts", int, (c) => c.notNull().defaultTo(0))
    .addColumn("received_at", ts, (c) => c.notNull())
    .addColumn("processed_at", ts)
    .execute();
  await db.schema.createIndex("inbound_dedupe").on("inbound").columns(["mailbox_id", "message_id_header", "content_sha256"]).execute();
  await db.schema.createIndex("inbound_from").on("inbound").columns(["from_address", "received_at"]).execute();
  await db.schema.createIndex("inbound_status").on("inbound").columns(["status", "received_at"]).execute();

  await db.schema.createTable("messages")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("ticket_id", text, (c) => c.notNull().references("tickets.id"))
    .addColumn("direction", text, (c) => c.notNull())
    .addColumn("channel", text, (c) => c.notNull())
    .addColumn("inbound_id", text, (c) => c.references("inbound.id"))
    .addColumn("message_id_header", text)
    .addColumn("in_reply_to", text)
    .addColumn("references_json", text, (c) => c.notNull().defaultTo("[]"))
    .addColumn("from_address", text)
    .addColumn("from_name", text)
    .addColumn("to_json", text, (c) => c.notNull().defaultTo("[]"))
    .addColumn("cc_json", text, (c) => c.notNull().defaultTo("[]"))
    .addColumn("subject", text, (c) => c.notNull())
    .addColumn("text_body", text, (c) => c.notNull())
    .addColumn("html_body", text)
    .addColumn("quoted_text", text, (c) => c.notNull().defaultTo(""))
    .addColumn("signature_text", text, (c) => c.notNull().defaultTo(""))
    .addColumn("auth_verdict", text, (c) => c.notNull())
    .addColumn("auth_json", text, (c) => c.notNull().defaultTo("{}"))
    .addColumn("redactions_json", text, (c) => c.notNull().defaultTo("[]"))
    .addColumn("raw_blob_key", text)
    .addColumn("author_agent_id", text, (c) => c.references("agents.id"))
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("messages_ticket").on("messages").columns(["ticket_id", "created_at"]).execute();
  await db.schema.createIndex("messages_message_id").on("messages").column("message_id_header").execute();

  await db.schema.createTable("attachments")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("message_id", text, (c) => c.notNull().references("messages.id"))
    .addColumn("filename", text, (c) => c.notNull())
    .addColumn("content_type", text, (c) => c.notNull())
    .addColumn("size", int, (c) => c.notNull())
    .addColumn("sha256", text, (c) => c.notNull())
    .addColumn("blob_key", text, (c) => c.notNull())
    .addColumn("content_id", text)
    .addColumn("inline", int, (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("attachments_message").on("attachments").column("message_id").execute();

  await db.schema.createTable("events")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("ticket_id", text)
    .addColumn("kind", text, (c) => c.notNull())
    .addColumn("actor_kind", text, (c) => c.notNull())
    .addColumn("actor_id", text)
    .addColumn("data_json", text, (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("events_ticket").on("events").columns(["ticket_id", "created_at"]).execute();

  await db.schema.createTable("jobs")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("kind", text, (c) => c.notNull())
    .addColumn("payload_json", text, (c) => c.notNull())
    .addColumn("status", text, (c) => c.notNull())
    .addColumn("attempts", int, (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", int, (c) => c.notNull())
    .addColumn("run_at", ts, (c) => c.notNull())
    .addColumn("locked_until", ts)
    .addColumn("last_error", text)
    .addColumn("dedupe_key", text, (c) => c.unique())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("jobs_due").on("jobs").columns(["status", "run_at"]).execute();

  await db.schema.createTable("outbound_mail")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("ticket_id", text, (c) => c.references("tickets.id"))
    .addColumn("message_id", text, (c) => c.references("messages.id"))
    .addColumn("kind", text, (c) => c.notNull())
    .addColumn("to_address", text, (c) => c.notNull())
    .addColumn("subject", text, (c) => c.notNull())
    .addColumn("message_id_header", text, (c) => c.notNull().unique())
    .addColumn("raw_blob_key", text)
    .addColumn("status", text, (c) => c.notNull())
    .addColumn("attempts", int, (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", ts, (c) => c.notNull())
    .addColumn("last_error", text)
    .addColumn("smtp_response", text)
    .addColumn("sent_at", ts)
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("outbound_to_kind").on("outbound_mail").columns(["to_address", "kind", "created_at"]).execute();

  await db.schema.createTable("counters")
    .addColumn("name", text, (c) => c.primaryKey())
    .addColumn("value", big, (c) => c.notNull())
    .execute();

  await db.schema.createTable("imap_cursors")
    .addColumn("account", text, (c) => c.primaryKey())
    .addColumn("uid_validity", text, (c) => c.notNull())
    .addColumn("last_uid", big, (c) => c.notNull())
    .addColumn("state", text, (c) => c.notNull())
    .addColumn("last_error", text)
    .addColumn("updated_at", ts, (c) => c.notNull())
    .execute();
}
