// Applies migrations in order, once each, under Kysely's migration lock.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from "kysely";
import type { Dialect } from "./connect.ts";
import type { Database } from "./schema.ts";
import * as m001 from "./migrations/001-initial.ts";

type Step = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> };
const steps: Record<string, Step> = { "001-initial": m001 };

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
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${(error as Error).message}`, { cause: error });
  }
}
