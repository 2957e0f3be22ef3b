// A one-time password (first start, `paydesk admin create`, an admin's reset) stops working after a while
// (OWASP ASVS 2.3.1): the time it expires. Null for passwords people chose themselves; for one-time
// passwords issued before this column existed, the account's creation time stands in (see one-time-password.ts).
import type { Kysely } from "kysely";
import type { Dialect } from "../connect.ts";

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("agents").addColumn("password_expires_at", "text").execute();
}
