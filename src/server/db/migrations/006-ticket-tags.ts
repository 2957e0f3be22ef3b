// Tags get their own indexed table: filtering a million tickets by a rare tag must not scan JSON text.
// The mailbox is kept beside the tag so "this tag, in my mailboxes" is one index range.
// tickets.tags_json stays the copy the presenters read; ticket_tags is what filters use.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const text = sql`text`;
  await db.schema.createTable("ticket_tags")
    .addColumn("tag", text, (c) => c.notNull())
    .addColumn("mailbox_id", text, (c) => c.notNull())
    .addColumn("ticket_id", text, (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_tags_pk", ["tag", "mailbox_id", "ticket_id"])
    .execute();
  await db.schema.createIndex("ticket_tags_ticket").on("ticket_tags").column("ticket_id").execute();
  // A mailbox's tickets by creation time (the console's "sort by created" inside one mailbox).
  await db.schema.createIndex("tickets_mailbox_created").on("tickets").columns(["mailbox_id", "created_at", "id"]).execute();

  const rows = await sql<{ id: string; mailbox_id: string; tags_json: string }>`select id, mailbox_id, tags_json from tickets where tags_json <> '[]'`.execute(db);
  for (const row of rows.rows) {
    for (const tag of new Set(JSON.parse(row.tags_json) as string[])) {
      await sql`insert into ticket_tags (tag, mailbox_id, ticket_id) values (${tag}, ${row.mailbox_id}, ${row.id})`.execute(db);
    }
  }
}
