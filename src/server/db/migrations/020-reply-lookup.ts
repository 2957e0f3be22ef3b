// Finding the reply that arrived before its original (ingest/filters/060-thread.ts) looks messages up by
// the Message-ID they answer.
import type { Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex("messages_in_reply_to").on("messages").column("in_reply_to").execute();
}
