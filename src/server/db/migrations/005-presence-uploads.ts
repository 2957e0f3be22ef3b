// Who is looking at a ticket right now (collision warnings) and files agents upload for their replies.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ts = dialect === "postgres" ? sql`timestamptz` : sql`text`;
  const text = sql`text`;
  const int = sql`integer`;

  await db.schema.createTable("ticket_viewers")
    .addColumn("ticket_id", text, (c) => c.notNull())
    .addColumn("agent_id", text, (c) => c.notNull())
    .addColumn("seen_at", ts, (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_viewers_pk", ["ticket_id", "agent_id"])
    .execute();

  await db.schema.createTable("uploads")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("agent_id", text, (c) => c.notNull())
    .addColumn("filename", text, (c) => c.notNull())
    .addColumn("content_type", text, (c) => c.notNull())
    .addColumn("size", int, (c) => c.notNull())
    .addColumn("sha256", text, (c) => c.notNull())
    .addColumn("blob_key", text, (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();

  // Views page by (updated_at, id) within a mailbox, and by creation time.
  await db.schema.createIndex("tickets_mailbox_updated").on("tickets").columns(["mailbox_id", "updated_at", "id"]).execute();
  await db.schema.createIndex("tickets_updated").on("tickets").columns(["updated_at", "id"]).execute();
  await db.schema.createIndex("tickets_created").on("tickets").columns(["created_at", "id"]).execute();
  await db.schema.createIndex("events_created").on("events").columns(["created_at", "id"]).execute();
}
