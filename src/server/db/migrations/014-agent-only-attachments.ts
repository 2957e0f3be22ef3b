// Attachments only agents may see: a file the virus scan held back that an admin released. The sender's
// tracking page, its downloads and the evidence export leave them out, so PayDesk never hands a flagged
// file to anyone outside the desk.
import type { Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("attachments").addColumn("agent_only", "integer", (c) => c.notNull().defaultTo(0)).execute();
}
