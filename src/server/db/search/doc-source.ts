// Loads the original text of search documents: for indexing, and again for the excerpts of results.
import { sql } from "kysely";
import { messageDocKey, messageDocText, parseDocKey, ticketDocKey, ticketDocText } from "./doc-text.ts";
import type { SearchDb } from "./search-index.ts";

/** The original text of each document source (for indexing and for excerpts). */
export async function loadDocTexts(db: SearchDb, sources: string[], prefix = ""): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const messageIds: string[] = [];
  const ticketIds: string[] = [];
  for (const s of sources) {
    const { kind, id } = parseDocKey(s);
    (kind === "ticket" ? ticketIds : messageIds).push(id);
  }
  if (messageIds.length) {
    const rows = await sql<{ id: string; subject: string; text_body: string; from_name: string | null; from_address: string | null }>`
      select id, subject, text_body, from_name, from_address from messages where id in (${sql.join(messageIds)})`.execute(db);
    for (const m of rows.rows) out.set(messageDocKey(m.id), messageDocText(m));
  }
  if (ticketIds.length) {
    const tickets = await sql<{ id: string; number: number | string; subject: string; customer_id: string; name: string | null }>`
      select t.id, t.number, t.subject, t.customer_id, c.name from tickets t join customers c on c.id = t.customer_id
      where t.id in (${sql.join(ticketIds)})`.execute(db);
    const customerIds = [...new Set(tickets.rows.map((t) => t.customer_id))];
    const addresses = new Map<string, string[]>();
    if (customerIds.length) {
      const rows = await sql<{ customer_id: string; address: string }>`
        select customer_id, address from customer_addresses where customer_id in (${sql.join(customerIds)})
        order by created_at, address`.execute(db);
      for (const a of rows.rows) addresses.set(a.customer_id, [...(addresses.get(a.customer_id) ?? []), a.address]);
    }
    for (const t of tickets.rows) {
      out.set(ticketDocKey(t.id), ticketDocText({
        number: Number(t.number), subject: t.subject, customerName: t.name, addresses: addresses.get(t.customer_id) ?? [],
      }, prefix));
    }
  }
  return out;
}
