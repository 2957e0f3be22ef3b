// Search over tickets. Every ticket has its own document (number, subject, customer name and addresses)
// and every message one (its redacted text, subject, sender). Documents carry growing ids, so a ticket
// ranks by its newest matching document; its own document is rewritten with each new message, so a
// match on the ticket's fields ranks by its latest activity. Indexing runs in the caller's transaction.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import type { BackfillOptions } from "../../db/search/backfill.ts";
import { loadDocTexts } from "../../db/search/doc-source.ts";
import { messageDocKey, parseDocKey, ticketDocKey } from "../../db/search/doc-text.ts";
import { searchIndexFor, type DocHit, type EngineQuery } from "../../db/search/search-index.ts";
import { parseQuery, tokenizeForIndex } from "../../db/search/tokenize.ts";
import { findMessageTicketId, findOwningTicketId } from "./search.repo.ts";
import { presentExcerpt } from "./search.present.ts";
import { findSurvivingTicket } from "../tickets/merge.repo.ts";
import { findTicketByNumber } from "../tickets/ticket.repo.ts";
import { formatTicketNumber } from "../tickets/ticket.ts";

export type SearchQuery = { text: string; mailboxIds: string[] | "all"; status?: string[]; limit: number; cursor?: string };
export type SearchResult = { ticketId: string; excerpt: string };
export type SearchPage = { results: SearchResult[]; nextCursor: string | null };

export const MAX_SEARCH_LIMIT = 100;
const FIRST_BATCH_PER_RESULT = 4;
const MAX_BATCH = 5000;

async function indexSource(ctx: Ctx, source: string, ticketId: string, renumber: boolean): Promise<void> {
  const text = (await loadDocTexts(ctx.db, [source])).get(source) ?? "";
  await searchIndexFor(ctx.dialect).upsert(ctx.db, [{ source, ticketId, tokens: tokenizeForIndex(text) }], { renumber });
}

/** (Re)indexes a ticket's own document; it becomes the ticket's newest document. */
export async function indexTicket(ctx: Ctx, ticketId: string): Promise<void> {
  const owner = await findOwningTicketId(ctx, ticketId);
  if (!owner) return searchIndexFor(ctx.dialect).remove(ctx.db, [ticketDocKey(ticketId)]);
  await indexSource(ctx, ticketDocKey(ticketId), owner, true);
}

/** (Re)indexes one message (it keeps its place on re-indexing) and refreshes its ticket's document. */
export async function indexMessage(ctx: Ctx, messageId: string): Promise<void> {
  const ticketId = await findMessageTicketId(ctx, messageId);
  if (!ticketId) return searchIndexFor(ctx.dialect).remove(ctx.db, [messageDocKey(messageId)]);
  await indexSource(ctx, messageDocKey(messageId), ticketId, false);
  await indexTicket(ctx, ticketId);
}

/** Merging: every document of one ticket now finds the other (the merged ticket's number included). */
export async function moveSearchDocs(ctx: Ctx, fromTicketId: string, toTicketId: string): Promise<void> {
  await searchIndexFor(ctx.dialect).moveTicket(ctx.db, fromTicketId, toTicketId);
  await indexTicket(ctx, toTicketId);
}

/**
 * Indexes every ticket and message that has no document yet, in activity order, in batches: for loading
 * data that bypassed the commands (benchmarks, imports). Nothing else may write documents meanwhile.
 */
export async function bulkIndex(ctx: Ctx, opts: BackfillOptions = {}): Promise<{ indexed: number }> {
  return { indexed: await searchIndexFor(ctx.dialect).backfill(ctx.db, opts) };
}

const encodeCursor = (docId: number) => Buffer.from(`d${docId}`).toString("base64url");

function decodeCursor(cursor: string | undefined): number | undefined {
  if (!cursor) return undefined;
  const m = /^d(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!m) throw new AppError("invalid_input", "cursor is not valid");
  return Number(m[1]);
}

/**
 * Tickets matching every term, newest matching activity first. Walks matching documents newest first
 * in growing batches, keeps each ticket's first (newest) document and stops once it has a page. The
 * cursor is the doc id of the page's last result; on later pages, tickets that also match above it were
 * shown already and are skipped.
 */
export async function searchTickets(ctx: Ctx, q: SearchQuery): Promise<SearchPage> {
  const { terms, highlights } = parseQuery(q.text);
  const boundary = decodeCursor(q.cursor);
  const limit = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.floor(q.limit)));
  if (!terms.length || (q.mailboxIds !== "all" && q.mailboxIds.length === 0)) return { results: [], nextCursor: null };

  const exact = boundary === undefined ? await ticketByReference(ctx, q) : null;
  if (exact) return { results: [{ ticketId: exact.id, excerpt: presentExcerpt(`${formatTicketNumber(ctx.services.config.ticketPrefix, exact.number)} ${exact.subject}`, highlights) }], nextCursor: null };

  const index = searchIndexFor(ctx.dialect);
  const query = await index.compile(ctx.db, terms);
  if (query.none) return { results: [], nextCursor: null };
  const filter = { mailboxIds: q.mailboxIds, status: q.status?.length ? q.status : undefined };
  const found: DocHit[] = [];
  const seen = new Set<string>();
  let before = boundary;
  let batch = (limit + 1) * FIRST_BATCH_PER_RESULT;
  while (found.length <= limit) {
    const hits = await index.match(ctx.db, query, filter, { beforeDocId: before, limit: batch });
    const fresh: DocHit[] = [];
    for (const h of hits) {
      if (seen.has(h.ticketId)) continue;
      seen.add(h.ticketId);
      fresh.push(h);
    }
    const shown = boundary !== undefined
      ? new Set((await index.matchingDocsOf(ctx.db, query, fresh.map((h) => h.ticketId), boundary)).map((h) => h.ticketId))
      : null;
    for (const h of fresh) if (!shown?.has(h.ticketId) && found.length <= limit) found.push(h);
    if (hits.length < batch) break;
    before = hits[hits.length - 1]!.docId;
    batch = Math.min(batch * 2, MAX_BATCH);
  }

  const page = found.slice(0, limit);
  const excerptSource = await chooseExcerptSources(ctx, query, page);
  const texts = await loadDocTexts(ctx.db, [...excerptSource.values()], ctx.services.config.ticketPrefix);
  return {
    results: page.map((h) => ({ ticketId: h.ticketId, excerpt: presentExcerpt(texts.get(excerptSource.get(h.ticketId)!) ?? "", highlights) })),
    nextCursor: found.length > limit ? encodeCursor(page[page.length - 1]!.docId) : null,
  };
}

/**
 * A ticket's own document is usually its newest, but a message says more: excerpt the newest matching
 * message when there is one, the ticket's fields (number, subject, customer) otherwise.
 */
async function chooseExcerptSources(ctx: Ctx, query: EngineQuery, page: DocHit[]): Promise<Map<string, string>> {
  const out = new Map(page.map((h) => [h.ticketId, h.source]));
  const onTicketDoc = page.filter((h) => parseDocKey(h.source).kind === "ticket").map((h) => h.ticketId);
  const docs = await searchIndexFor(ctx.dialect).matchingDocsOf(ctx.db, query, onTicketDoc);
  const chosen = new Set<string>();
  for (const d of docs) {
    if (chosen.has(d.ticketId) || parseDocKey(d.source).kind !== "message") continue;
    chosen.add(d.ticketId);
    out.set(d.ticketId, d.source);
  }
  return out;
}

/** A query that is just a ticket number (`OK-100042` or `100042`) goes straight to that ticket. */
async function ticketByReference(ctx: Ctx, q: SearchQuery) {
  const m = new RegExp(`^\\s*(?:${ctx.services.config.ticketPrefix}-)?(\\d{5,12})\\s*$`, "i").exec(q.text);
  if (!m) return null;
  const numbered = await findTicketByNumber(ctx, Number(m[1]));
  // A merged ticket's number leads to the ticket it lives on in.
  const ticket = numbered && (await findSurvivingTicket(ctx, numbered.id));
  if (!ticket || (q.mailboxIds !== "all" && !q.mailboxIds.includes(ticket.mailbox_id))) return null;
  if (q.status?.length && !q.status.includes(ticket.status)) return null;
  return ticket;
}
