// Full-text search: one document per ticket and per message. SQLite keeps the tokens in a contentless
// FTS5 table; PostgreSQL in a tsvector column with a GIN index. Existing tickets and messages are indexed
// here too (the GIN index is built after them, which is faster than maintaining it row by row).
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../connect.ts";
import { createFts5Table, createFts5Vocab } from "../search/fts5.ts";
import { createGinIndex } from "../search/postgres.ts";
import { searchIndexFor } from "../search/search-index.ts";

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === "postgres") {
    await sql`create sequence search_doc_ids`.execute(db);
    await sql`
      create table search_docs (
        doc_id bigint primary key default nextval('search_doc_ids'),
        source text not null unique,
        ticket_id text not null,
        tsv tsvector not null
      )`.execute(db);
  } else {
    // No AUTOINCREMENT: a new rowid is max + 1, which is all "newest" needs.
    await sql`create table search_docs (doc_id integer primary key, source text not null unique, ticket_id text not null)`.execute(db);
    await createFts5Table.execute(db);
    await createFts5Vocab.execute(db);
  }
  await sql`create index search_docs_ticket on search_docs (ticket_id, doc_id)`.execute(db);
  await searchIndexFor(dialect).backfill(db);
  if (dialect === "postgres") await createGinIndex.execute(db);
}
