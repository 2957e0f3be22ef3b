// Per-address limits (the burst guard, the acknowledgement and contact-form caps) count by the mailbox an
// address reaches, not its spelling (ingest/address-key.ts): the key is stored beside each address.
// Only rows of the last day are filled in: no limit looks back further than an hour.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const since = new Date(Date.now() - 24 * 3600_000).toISOString();
  await db.schema.alterTable("inbound").addColumn("address_key", sql`text`).execute();
  await db.schema.alterTable("outbound_mail").addColumn("address_key", sql`text`).execute();
  await sql`update inbound set address_key = lower(from_address) where from_address is not null and received_at >= ${since}`.execute(db);
  await sql`update outbound_mail set address_key = lower(to_address) where created_at >= ${since}`.execute(db);
  await db.schema.createIndex("inbound_address_key").on("inbound").columns(["address_key", "received_at"]).execute();
  await db.schema.createIndex("outbound_address_key").on("outbound_mail").columns(["address_key", "kind", "created_at"]).execute();
}
