// Small blobs (most raw mail, composed outbound mail, screenshots) live in the database, sealed as on
// disk: written in the transaction that refers to them, they cost one commit instead of a file with
// two fsyncs and half a dozen file-system round trips.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.createTable("blobs")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("sealed", dialect === "postgres" ? "bytea" : "blob", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("created_at", dialect === "postgres" ? sql`timestamptz` : sql`text`, (c) => c.notNull())
    .execute();
}
