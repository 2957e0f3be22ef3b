// Indexes for the console's deadline and complaint views at a million tickets: the first-response clock
// only matters while it runs (a partial index stays small), complaints are found by category.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex("tickets_first_response_running").on("tickets")
    .columns(["first_response_due_at", "id"])
    .where(sql.ref("first_responded_at"), "is", null)
    .execute();
  await db.schema.createIndex("tickets_category_status_updated").on("tickets")
    .columns(["category", "status", "updated_at", "id"])
    .execute();
}
