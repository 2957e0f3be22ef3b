// The search side of the benchmark: the index is filled by the search module's bulkIndex (the engine's
// backfill, which the 003 migration also runs over existing rows); queries go through searchTickets.
import { sql } from "kysely";
import type { Ctx } from "../../src/server/context.ts";
import { bulkIndex } from "../../src/server/modules/search/search.commands.ts";

/** Indexes every seeded ticket and message; returns the number of documents written. */
export async function buildSearchIndex(ctx: Ctx, onProgress: (done: number, total: number) => void): Promise<number> {
  // Seeding only: SQLite need not sync each batch of documents (the runtime's FULL is restored after).
  if (ctx.dialect === "sqlite") await sql`pragma synchronous = OFF`.execute(ctx.db);
  try {
    return (await bulkIndex(ctx, { batchSize: 5000, onProgress })).indexed;
  } finally {
    if (ctx.dialect === "sqlite") await sql`pragma synchronous = FULL`.execute(ctx.db);
  }
}
