// Notes on customers, canned responses, and the pointer a merged ticket keeps to its survivor.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ts = dialect === "postgres" ? sql`timestamptz` : sql`text`;
  const text = sql`text`;

  await db.schema.alterTable("customers").addColumn("notes", text, (c) => c.notNull().defaultTo("")).execute();

  // Mail threading onto a merged ticket follows this to the ticket that survived the merge.
  await db.schema.alterTable("tickets").addColumn("merged_into_id", text, (c) => c.references("tickets.id")).execute();

  await db.schema.createTable("canned_responses")
    .addColumn("id", text, (c) => c.primaryKey())
    .addColumn("title", text, (c) => c.notNull())
    .addColumn("body", text, (c) => c.notNull())
    .addColumn("created_by", text, (c) => c.references("agents.id"))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("canned_responses_title").on("canned_responses").column("title").execute();
}
