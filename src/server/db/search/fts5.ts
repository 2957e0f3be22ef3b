// SQLite engine: a contentless FTS5 table fed with pre-split tokens (the `ascii` tokenizer only splits
// them on the spaces we put between them). detail=none: we need which documents match, not where, and
// it keeps the index small. rowid = doc id, so `ORDER BY rowid DESC` walks newest first and stops at LIMIT.
import { sql, type RawBuilder } from "kysely";
import { dropStaging, stageMissingDocs, tokenizeStaged, type BackfillOptions } from "./backfill.ts";
import type { DocFilter, DocHit, IndexDoc, SearchDb, SearchIndex } from "./search-index.ts";
import { isCjkChar, type QueryTerm } from "./tokenize.ts";

export const createFts5Table = sql`
  create virtual table search_fts using fts5(body, content='', contentless_delete=1, detail=none, tokenize='ascii')`;
/** The index's term list, for expanding prefixes. */
export const createFts5Vocab = sql`create virtual table search_vocab using fts5vocab(search_fts, 'row')`;

/**
 * FTS5 answers `"refund"*` by merging every matching doclist up front (no early stop at LIMIT, and again
 * for each rowid looked up), so prefixes are expanded into an OR of real terms, which FTS5 walks lazily.
 * The list is capped (alphabetically): a longer prefix, typed on, narrows it.
 */
const MAX_EXPANSIONS = { cjk: 256, word: 32 };

const quote = (token: string) => `"${token.replaceAll('"', '""')}"`;

async function expandPrefix(db: SearchDb, term: QueryTerm): Promise<string[]> {
  const cap = isCjkChar([...term.token][0] ?? "") ? MAX_EXPANSIONS.cjk : MAX_EXPANSIONS.word;
  const r = await sql<{ term: string }>`
    select term from search_vocab where term >= ${term.token} and term < ${term.token + "\u{10FFFF}"} limit ${cap}`.execute(db);
  return r.rows.map((x) => x.term);
}

function ticketFilter(f: DocFilter): { join: RawBuilder<unknown>; where: RawBuilder<unknown> } {
  const parts: RawBuilder<unknown>[] = [];
  if (f.mailboxIds !== "all") parts.push(sql`and t.mailbox_id in (${sql.join(f.mailboxIds.length ? f.mailboxIds : ["-"])})`);
  if (f.status?.length) parts.push(sql`and t.status in (${sql.join(f.status)})`);
  if (!parts.length) return { join: sql``, where: sql`` };
  return { join: sql`cross join tickets t on t.id = d.ticket_id`, where: sql.join(parts, sql` `) };
}

async function writeDoc(db: SearchDb, doc: IndexDoc, renumber: boolean): Promise<void> {
  const found = await sql<{ doc_id: number }>`select doc_id from search_docs where source = ${doc.source}`.execute(db);
  let docId = found.rows[0]?.doc_id;
  if (docId !== undefined) {
    await sql`delete from search_fts where rowid = ${docId}`.execute(db);
    if (renumber) {
      await sql`delete from search_docs where doc_id = ${docId}`.execute(db);
      docId = undefined;
    } else {
      await sql`update search_docs set ticket_id = ${doc.ticketId} where doc_id = ${docId}`.execute(db);
    }
  }
  if (docId === undefined) {
    // Without AUTOINCREMENT a new rowid is max + 1: always the newest.
    const r = await sql<{ doc_id: number }>`insert into search_docs (source, ticket_id) values (${doc.source}, ${doc.ticketId}) returning doc_id`.execute(db);
    docId = r.rows[0]!.doc_id;
  }
  await sql`insert into search_fts (rowid, body) values (${docId}, ${doc.tokens.join(" ")})`.execute(db);
}

export const fts5Index: SearchIndex = {
  async upsert(db, docs, { renumber }) {
    for (const doc of docs) await writeDoc(db, doc, renumber);
  },

  async remove(db, sources) {
    if (!sources.length) return;
    const found = await sql<{ doc_id: number }>`select doc_id from search_docs where source in (${sql.join(sources)})`.execute(db);
    for (const { doc_id } of found.rows) {
      await sql`delete from search_fts where rowid = ${doc_id}`.execute(db);
      await sql`delete from search_docs where doc_id = ${doc_id}`.execute(db);
    }
  },

  async moveTicket(db, from, to) {
    await sql`update search_docs set ticket_id = ${to} where ticket_id = ${from}`.execute(db);
  },

  async compile(db, terms) {
    const parts: string[] = [];
    for (const t of terms) {
      if (!t.prefix) {
        parts.push(quote(t.token));
        continue;
      }
      const expanded = await expandPrefix(db, t);
      if (!expanded.length) return { text: "", none: true };
      parts.push(`(${expanded.map(quote).join(" OR ")})`);
    }
    return { text: parts.join(" AND "), none: parts.length === 0 };
  },

  async match(db, q, filter, page) {
    const f = ticketFilter(filter);
    const before = page.beforeDocId !== undefined ? sql`and f.rowid < ${page.beforeDocId}` : sql``;
    // CROSS JOIN keeps the FTS table as the outer loop, so its rowid order serves ORDER BY and LIMIT.
    const r = await sql<{ doc_id: number; ticket_id: string; source: string }>`
      select f.rowid as doc_id, d.ticket_id, d.source
      from search_fts f cross join search_docs d on d.doc_id = f.rowid ${f.join}
      where search_fts match ${q.text} ${before} ${f.where}
      order by f.rowid desc limit ${page.limit}`.execute(db);
    return r.rows.map((x): DocHit => ({ docId: x.doc_id, ticketId: x.ticket_id, source: x.source }));
  },

  async matchingDocsOf(db, q, ticketIds, fromDocId) {
    if (!ticketIds.length) return [];
    const from = fromDocId !== undefined ? sql`and d.doc_id >= ${fromDocId}` : sql``;
    // Each ticket has a handful of documents: look each up by rowid instead of walking all matches.
    const r = await sql<{ doc_id: number; ticket_id: string; source: string }>`
      select d.doc_id, d.ticket_id, d.source from search_docs d cross join search_fts f on f.rowid = d.doc_id
      where d.ticket_id in (${sql.join(ticketIds)}) ${from} and search_fts match ${q.text}
      order by d.doc_id desc`.execute(db);
    return r.rows.map((x): DocHit => ({ docId: x.doc_id, ticketId: x.ticket_id, source: x.source }));
  },

  async backfill(db, opts: BackfillOptions = {}) {
    const total = await stageMissingDocs(db);
    const r = await sql<{ m: number | null }>`select max(doc_id) as m from search_docs`.execute(db);
    const base = r.rows[0]?.m ?? 0;
    await tokenizeStaged(db, total, async (rows) => {
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        await sql`insert into search_docs (doc_id, source, ticket_id) values ${sql.join(chunk.map((x) => sql`(${base + x.n}, ${x.source}, ${x.ticketId})`))}`.execute(db);
        await sql`insert into search_fts (rowid, body) values ${sql.join(chunk.map((x) => sql`(${base + x.n}, ${x.tokens.join(" ")})`))}`.execute(db);
      }
    }, opts);
    await dropStaging(db);
    return total;
  },
};
