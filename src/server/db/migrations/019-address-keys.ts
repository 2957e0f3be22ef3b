// Per-address limits (the burst guard, the acknowledgement and contact-form caps) count by the mailbox an
// address reaches, not its spelling (ingest/address-key.ts): the key is stored beside each address.
// Only rows of the last day are filled in: no limit looks back further than an hour.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";
import { addressKey } from "../../ingest/address-key.ts";

type Keyed = { id: string; address: string | null };

async function fillIn(db: Kysely<unknown>, table: "inbound" | "outbound_mail", rows: Keyed[]): Promise<void> {
  for (const row of rows) {
    if (row.address) await sql`update ${sql.table(table)} set address_key = ${addressKey(row.address)} where id = ${row.id}`.execute(db);
  }
}

/** Fills in the key of the rows received or queued since `sinceIso`. */
export async function keyRecentRows(db: Kysely<unknown>, sinceIso: string): Promise<void> {
  await fillIn(db, "inbound", (await sql<Keyed>`select id, from_address as address from inbound where received_at >= ${sinceIso}`.execute(db)).rows);
  await fillIn(db, "outbound_mail", (await sql<Keyed>`select id, to_address as address from outbound_mail where created_at >= ${sinceIso}`.execute(db)).rows);
}

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const since = new Date(Date.now() - 24 * 3600_000).toISOString();
  await db.schema.alterTable("inbound").addColumn("address_key", sql`text`).execute();
  await db.schema.alterTable("outbound_mail").addColumn("address_key", sql`text`).execute();
  await keyRecentRows(db, since);
  await db.schema.createIndex("inbound_address_key").on("inbound").columns(["address_key", "received_at"]).execute();
  await db.schema.createIndex("outbound_address_key").on("outbound_mail").columns(["address_key", "kind", "created_at"]).execute();
}
