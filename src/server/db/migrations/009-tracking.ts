// Ticket tracking without an account: magic links (only their hashes are kept), satisfaction surveys, and
// data-rights requests waiting for the customer's confirmation.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ts = dialect === "postgres" ? sql`timestamptz` : sql`text`;
  const text = sql`text`;
  const int = sql`integer`;

  await db.schema.createTable("tracking_links")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("token_hash", text, (c) => c.notNull().unique())
    .addColumn("ticket_id", text, (c) => c.notNull())
    .addColumn("address", text, (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("expires_at", ts, (c) => c.notNull())
    .addColumn("revoked_at", ts)
    .addColumn("last_used_at", ts)
    .execute();
  await db.schema.createIndex("tracking_links_ticket").on("tracking_links").columns(["ticket_id", "created_at"]).execute();

  // One answer per ticket, changeable for a while; the newest answer wins.
  await db.schema.createTable("satisfaction_surveys")
    .addColumn("ticket_id", text, (c) => c.primaryKey())
    .addColumn("rating", int, (c) => c.notNull())
    .addColumn("comment", text, (c) => c.notNull().defaultTo(""))
    .addColumn("address", text, (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("satisfaction_surveys_updated").on("satisfaction_surveys").columns(["updated_at", "ticket_id"]).execute();

  await db.schema.createTable("privacy_requests")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("token_hash", text, (c) => c.notNull().unique())
    .addColumn("kind", text, (c) => c.notNull())
    .addColumn("address", text, (c) => c.notNull())
    .addColumn("source_ticket_id", text, (c) => c.notNull())
    .addColumn("note", text, (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("expires_at", ts, (c) => c.notNull())
    .addColumn("confirmed_at", ts)
    .addColumn("privacy_ticket_id", text)
    .execute();
  await db.schema.createIndex("privacy_requests_address").on("privacy_requests").columns(["address", "created_at"]).execute();
}
