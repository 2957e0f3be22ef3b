// When each stored file was last found clean, and against which signatures: a file is scanned again
// before anyone downloads it once the scanner has newer signatures or that scan has grown old, and a
// file found infected then is kept but never handed out (`quarantine` names what was found).
// Null for files stored while no scanner was configured: they are scanned at their next download.
import type { Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("attachments").addColumn("scanned_at", "text").execute();
  await db.schema.alterTable("attachments").addColumn("scanned_with", "text").execute();
  await db.schema.alterTable("attachments").addColumn("quarantine", "text").execute();
}
