// The contact form: what the customer chose on it (category, urgency, transaction id, how to reach them)
// kept beside the message it created, for agents to see without reading the mail's headers.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("messages").addColumn("web_form_json", sql`text`).execute();
}
