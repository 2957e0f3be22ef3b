// Indexes tickets and messages that have no search document yet (the 003 migration, bulk loads).
// Step 1 orders the missing sources by activity time in SQL (a staging table numbered 1..n); step 2
// reads them back in batches, tokenizes in TypeScript and hands the rows to the engine's writer.
// It assumes nothing else writes search documents meanwhile, and no ticket in it has been merged
// (merging re-attaches documents that already exist).
import { sql } from "kysely";
import { loadDocTexts } from "./doc-source.ts";
import { messageDocKey, ticketDocKey } from "./doc-text.ts";
import type { SearchDb } from "./search-index.ts";
import { tokenizeForIndex } from "./tokenize.ts";

export type BackfillRow = { n: number; source: string; ticketId: string; tokens: string[] };
export type BackfillOptions = { batchSize?: number; onProgress?: (done: number, total: number) => void };

/** Numbers the sources without a document: messages at their time, a ticket's own document at its last activity. */
export async function stageMissingDocs(db: SearchDb): Promise<number> {
  await sql`drop table if exists search_backfill`.execute(db);
  await sql`create table search_backfill (n bigint primary key, source text not null, ticket_id text not null)`.execute(db);
  await sql`
    insert into search_backfill (n, source, ticket_id)
    select row_number() over (order by at, k, id), source, ticket_id from (
      select ${sql.lit(messageDocKey(""))} || m.id as source, m.ticket_id as ticket_id, m.created_at as at, 0 as k, m.id as id
      from messages m
      where not exists (select 1 from search_docs d where d.source = ${sql.lit(messageDocKey(""))} || m.id)
      union all
      select ${sql.lit(ticketDocKey(""))} || t.id, t.id, t.updated_at, 1, t.id
      from tickets t
      where not exists (select 1 from search_docs d where d.source = ${sql.lit(ticketDocKey(""))} || t.id)
    ) s`.execute(db);
  const r = await sql<{ c: number | string }>`select count(*) as c from search_backfill`.execute(db);
  return Number(r.rows[0]!.c);
}

export async function dropStaging(db: SearchDb): Promise<void> {
  await sql`drop table if exists search_backfill`.execute(db);
}

/** Reads the staged sources in order, tokenized, and passes each batch to `write`. */
export async function tokenizeStaged(
  db: SearchDb, total: number, write: (rows: BackfillRow[]) => Promise<void>, opts: BackfillOptions = {},
): Promise<void> {
  const size = opts.batchSize ?? 2000;
  for (let from = 1; from <= total; from += size) {
    const staged = await sql<{ n: number | string; source: string; ticket_id: string }>`
      select n, source, ticket_id from search_backfill where n >= ${from} and n < ${from + size} order by n`.execute(db);
    const texts = await loadDocTexts(db, staged.rows.map((r) => r.source));
    await write(staged.rows.map((r) => ({
      n: Number(r.n), source: r.source, ticketId: r.ticket_id, tokens: tokenizeForIndex(texts.get(r.source) ?? ""),
    })));
    opts.onProgress?.(Math.min(total, from + size - 1), total);
  }
}
