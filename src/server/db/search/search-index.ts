// The search provider: one interface, an FTS5 engine on SQLite and a tsvector + GIN engine on PostgreSQL.
// Documents are keyed by their source (`t:<ticketId>`, `m:<messageId>`) and carry an integer doc id that
// grows with every write, so "newest first" is the index's own order and LIMIT stops early.
import type { QueryExecutorProvider } from "kysely";
import type { Dialect } from "../connect.ts";
import { fts5Index } from "./fts5.ts";
import { postgresIndex } from "./postgres.ts";
import type { QueryTerm } from "./tokenize.ts";

export type SearchDb = QueryExecutorProvider;

export type IndexDoc = { source: string; ticketId: string; tokens: string[] };
export type DocHit = { docId: number; ticketId: string; source: string };
export type DocFilter = { mailboxIds: string[] | "all"; status?: string[] };
/** A query in the engine's own syntax, built once per search; `none` when it cannot match anything. */
export type EngineQuery = { text: string; none: boolean };

export interface SearchIndex {
  /**
   * Writes documents, replacing any with the same source. `renumber` gives a replaced document a new,
   * newest doc id (a ticket's own document follows its latest activity); otherwise it keeps its place.
   */
  upsert(db: SearchDb, docs: IndexDoc[], opts: { renumber: boolean }): Promise<void>;
  remove(db: SearchDb, sources: string[]): Promise<void>;
  /** Re-attaches every document of one ticket to another (merge). */
  moveTicket(db: SearchDb, fromTicketId: string, toTicketId: string): Promise<void>;
  compile(db: SearchDb, terms: QueryTerm[]): Promise<EngineQuery>;
  /** Matching documents newest first, below `beforeDocId`, of tickets passing the filter. */
  match(db: SearchDb, q: EngineQuery, filter: DocFilter, page: { beforeDocId?: number; limit: number }): Promise<DocHit[]>;
  /** The matching documents of these tickets (at or above `fromDocId` when given), newest first. */
  matchingDocsOf(db: SearchDb, q: EngineQuery, ticketIds: string[], fromDocId?: number): Promise<DocHit[]>;
  /** Gives every ticket and message without a document one, in activity order; returns how many. */
  backfill(db: SearchDb, opts?: { batchSize?: number; onProgress?: (done: number, total: number) => void }): Promise<number>;
}

export function searchIndexFor(dialect: Dialect): SearchIndex {
  return dialect === "postgres" ? postgresIndex : fts5Index;
}
