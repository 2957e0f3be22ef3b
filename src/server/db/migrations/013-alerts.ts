// Alerts for the people who run PayDesk (an IMAP account disabled, a message that became a dead letter):
// one row per condition, so a repeating condition updates its row and mails the admins at most hourly.
// And an index for the status page's view of the outbound queue (counts by status, oldest queued).
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === "postgres" ? sql`timestamptz` : sql`text`;
  await db.schema.createTable("alerts")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("first_at", time, (c) => c.notNull())
    .addColumn("last_at", time, (c) => c.notNull())
    .addColumn("mailed_at", time)
    .addColumn("resolved_at", time)
    .execute();
  await db.schema.createIndex("alerts_last_at").on("alerts").column("last_at").execute();
  await db.schema.createIndex("outbound_mail_status").on("outbound_mail").columns(["status", "created_at"]).execute();
}
