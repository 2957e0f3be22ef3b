// Applies migrations in order, once each, under Kysely's migration lock.
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import type { Dialect } from "./connect.ts";
import type { Database } from "./schema.ts";
import * as m001 from "./migrations/001-initial.ts";
import * as m002 from "./migrations/002-agent-access.ts";
import * as m003 from "./migrations/003-search.ts";
import * as m004 from "./migrations/004-customer-notes-canned.ts";
import * as m005 from "./migrations/005-presence-uploads.ts";
import * as m006 from "./migrations/006-ticket-tags.ts";
import * as m007 from "./migrations/007-help-centre.ts";
import * as m008 from "./migrations/008-web-form.ts";
import * as m009 from "./migrations/009-tracking.ts";
import * as m010 from "./migrations/010-view-indexes.ts";
import * as m011 from "./migrations/011-assignee-status.ts";
import * as m012 from "./migrations/012-inline-blobs.ts";
import * as m013 from "./migrations/013-alerts.ts";
import * as m014 from "./migrations/014-agent-only-attachments.ts";
import * as m015 from "./migrations/015-one-time-password-expiry.ts";
import * as m016 from "./migrations/016-attachment-scans.ts";
import * as m017 from "./migrations/017-outbound-first-attempt.ts";
import * as m018 from "./migrations/018-imap-old-mail-and-unreadable.ts";
import * as m019 from "./migrations/019-address-keys.ts";
import * as m020 from "./migrations/020-reply-lookup.ts";

type Step = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> };
const steps: Record<string, Step> = {
  "001-initial": m001,
  "002-agent-access": m002,
  "003-search": m003,
  "004-customer-notes-canned": m004,
  "005-presence-uploads": m005,
  "006-ticket-tags": m006,
  "007-help-centre": m007,
  "008-web-form": m008,
  "009-tracking": m009,
  "010-view-indexes": m010,
  "011-assignee-status": m011,
  "012-inline-blobs": m012,
  "013-alerts": m013,
  "014-agent-only-attachments": m014,
  "015-one-time-password-expiry": m015,
  "016-attachment-scans": m016,
  "017-outbound-first-attempt": m017,
  "018-imap-old-mail-and-unreadable": m018,
  "019-address-keys": m019,
  "020-reply-lookup": m020,
};

export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect, schema?: string): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, step] of Object.entries(steps)) out[name] = { up: (d) => step.up(d, dialect) };
      return out;
    },
  };
  const { error, results } = await new Migrator({
    db, provider,
    // Named explicitly: Kysely otherwise looks for its tables in every schema on the server.
    ...(schema ? { migrationTableSchema: schema } : {}),
  }).migrateToLatest();
  // Fresh statistics after a schema change, so the planner knows the new indexes (SQLite only needs asking).
  if (!error && dialect === "sqlite") await sql`pragma optimize = 0x10002`.execute(db);
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${(error as Error).message}`, { cause: error });
  }
}
