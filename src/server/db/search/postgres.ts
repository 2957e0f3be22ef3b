// PostgreSQL engine: a tsvector built straight from our tokens with array_to_tsvector (no text-search
// parser, which under a C locale would drop Chinese), a GIN index over it, and doc ids from a sequence.
// Queries are tsquery text ('提现' & 'fail':*) cast directly, again bypassing the parser.
import { sql, type RawBuilder } from "kysely";
import { dropStaging, stageMissingDocs, tokenizeStaged, type BackfillOptions } from "./backfill.ts";
import type { DocFilter, DocHit, EngineQuery, SearchDb, SearchIndex } from "./search-index.ts";
import type { QueryTerm } from "./tokenize.ts";

/** Above this many staged documents the GIN index is rebuilt once instead of updated row by row. */
const REBUILD_GIN_ABOVE = 100_000;

export const createGinIndex = sql`create index search_docs_tsv on search_docs using gin (tsv)`;

export function tsqueryText(terms: QueryTerm[]): string {
  return terms.map((t) => `'${t.token.replaceAll("\\", "\\\\").replaceAll("'", "''")}'${t.prefix ? ":*" : ""}`).join(" & ");
}

function ticketFilter(f: DocFilter): { join: RawBuilder<unknown>; where: RawBuilder<unknown> } {
  const parts: RawBuilder<unknown>[] = [];
  if (f.mailboxIds !== "all") parts.push(sql`and t.mailbox_id = any(${f.mailboxIds}::text[])`);
  if (f.status?.length) parts.push(sql`and t.status = any(${f.status}::text[])`);
  if (!parts.length) return { join: sql``, where: sql`` };
  return { join: sql`join tickets t on t.id = d.ticket_id`, where: sql.join(parts, sql` `) };
}

/**
 * A rare term (a transaction id, a name) has few matching documents, but the planner, asked for the newest
 * first, tends to walk every doc id and test each row: seconds at millions of documents. GIN alone, with
 * no order asked for, lists the matches at once; when they are few, the main query is confined to them.
 */
const FEW_MATCHES = 2_000;
const fewMatchesCache = new WeakMap<EngineQuery, string[] | null>();

async function fewMatches(db: SearchDb, q: EngineQuery): Promise<string[] | null> {
  if (fewMatchesCache.has(q)) return fewMatchesCache.get(q)!;
  const r = await sql<{ doc_id: number | string }>`
    select doc_id from search_docs where tsv @@ ${q.text}::tsquery limit ${FEW_MATCHES + 1}`.execute(db);
  const few = r.rows.length <= FEW_MATCHES ? r.rows.map((x) => String(x.doc_id)) : null;
  fewMatchesCache.set(q, few);
  return few;
}

export const postgresIndex: SearchIndex = {
  async upsert(db, docs, { renumber }) {
    for (const doc of docs) {
      // excluded.doc_id is the fresh sequence value the insert would have used.
      await sql`
        insert into search_docs (source, ticket_id, tsv) values (${doc.source}, ${doc.ticketId}, array_to_tsvector(${doc.tokens}::text[]))
        on conflict (source) do update set ticket_id = excluded.ticket_id, tsv = excluded.tsv
        ${renumber ? sql`, doc_id = excluded.doc_id` : sql``}`.execute(db);
    }
  },

  async remove(db, sources) {
    if (!sources.length) return;
    await sql`delete from search_docs where source = any(${sources}::text[])`.execute(db);
  },

  async moveTicket(db, from, to) {
    await sql`update search_docs set ticket_id = ${to} where ticket_id = ${from}`.execute(db);
  },

  async compile(_db, terms) {
    // GIN matches prefixes itself (and the doc id order check below needs no expansion).
    return { text: tsqueryText(terms), none: terms.length === 0 };
  },

  async match(db, q, filter, page) {
    const f = ticketFilter(filter);
    const before = page.beforeDocId !== undefined ? sql`and d.doc_id < ${page.beforeDocId}` : sql``;
    const few = await fewMatches(db, q);
    const within = few ? sql`and d.doc_id = any(${few}::bigint[])` : sql``;
    const r = await sql<{ doc_id: number | string; ticket_id: string; source: string }>`
      select d.doc_id, d.ticket_id, d.source from search_docs d ${f.join}
      where d.tsv @@ ${q.text}::tsquery ${within} ${before} ${f.where}
      order by d.doc_id desc limit ${page.limit}`.execute(db);
    return r.rows.map((x): DocHit => ({ docId: Number(x.doc_id), ticketId: x.ticket_id, source: x.source }));
  },

  async matchingDocsOf(db, q, ticketIds, fromDocId) {
    if (!ticketIds.length) return [];
    const from = fromDocId !== undefined ? sql`and doc_id >= ${fromDocId}` : sql``;
    const r = await sql<{ doc_id: number | string; ticket_id: string; source: string }>`
      select doc_id, ticket_id, source from search_docs
      where ticket_id = any(${ticketIds}::text[]) ${from} and tsv @@ ${q.text}::tsquery
      order by doc_id desc`.execute(db);
    return r.rows.map((x): DocHit => ({ docId: Number(x.doc_id), ticketId: x.ticket_id, source: x.source }));
  },

  async backfill(db, opts: BackfillOptions = {}) {
    const total = await stageMissingDocs(db);
    if (total === 0) {
      await dropStaging(db);
      return 0;
    }
    const r = await sql<{ v: number | string }>`select nextval('search_doc_ids') as v`.execute(db);
    const base = Number(r.rows[0]!.v) - 1;
    const hasGin = (await sql`select 1 from pg_indexes where indexname = 'search_docs_tsv' and schemaname = current_schema()`.execute(db)).rows.length > 0;
    const rebuild = hasGin && total > REBUILD_GIN_ABOVE;
    if (rebuild) await sql`drop index search_docs_tsv`.execute(db);
    await tokenizeStaged(db, total, async (rows) => {
      await sql`
        insert into search_docs (doc_id, source, ticket_id, tsv)
        select id, src, tid, case when body = '' then ''::tsvector else array_to_tsvector(string_to_array(body, ' ')) end
        from unnest(${rows.map((x) => base + x.n)}::bigint[], ${rows.map((x) => x.source)}::text[],
                    ${rows.map((x) => x.ticketId)}::text[], ${rows.map((x) => x.tokens.join(" "))}::text[]) as v(id, src, tid, body)`.execute(db);
    }, opts);
    await sql`select setval('search_doc_ids', ${base + total})`.execute(db);
    if (rebuild) await createGinIndex.execute(db);
    await dropStaging(db);
    // Fresh statistics: without them the planner walks the doc id index even for a rare term.
    await sql`analyze search_docs`.execute(db);
    return total;
  },
};
