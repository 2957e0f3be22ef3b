// Two things an IMAP account's cursor row must remember beyond its position:
// - where "mail that was already there" ends, for an account started without importing existing mail:
//   `old_mail_before` (the cut-off; null when the account imports everything) and `old_mail_below_uid`
//   (after a UIDVALIDITY change, the UIDs of the re-read generation the cut-off applies to);
// - a message the server keeps failing to deliver: its UID and how often it failed, so that counting
//   survives a restart and one bad message cannot hold the account back for good.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ts = dialect === "postgres" ? sql`timestamptz` : sql`text`;
  const big = dialect === "postgres" ? sql`bigint` : sql`integer`;
  await db.schema.alterTable("imap_cursors").addColumn("old_mail_before", ts).execute();
  await db.schema.alterTable("imap_cursors").addColumn("old_mail_below_uid", big, (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("imap_cursors").addColumn("failing_uid", big).execute();
  await db.schema.alterTable("imap_cursors").addColumn("failing_count", sql`integer`, (c) => c.notNull().defaultTo(0)).execute();
}
