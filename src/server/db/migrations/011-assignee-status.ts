// "Mine": an agent's active tickets. With status in the index, counting them skips the thousands of
// solved and closed tickets an agent accumulates instead of reading each row.
import type { Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex("tickets_assignee_status_updated").on("tickets")
    .columns(["assignee_id", "status", "updated_at", "id"])
    .execute();
}
