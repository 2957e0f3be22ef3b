// When the relay was first asked to take a message: the 5 days of retries count from there, not from
// when it was queued, so mail kept in the outbox for a week still gets its days of retries once a
// relay is configured. Null until a relay first sees the message (and again after a manual retry).
import type { Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("outbound_mail").addColumn("first_attempt_at", "text").execute();
}
