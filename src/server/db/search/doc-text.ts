// What each search document says. One builder per source, used for indexing and again for the excerpt,
// so the excerpt is cut from the same original text that was indexed.

/** A ticket's own document: its number, subject, customer name and addresses. */
export type TicketDocSource = { number: number; subject: string; customerName: string | null; addresses: string[] };

/** A message's document: its (already redacted) text, subject and sender. */
export type MessageDocSource = { subject: string; text_body: string; from_name: string | null; from_address: string | null };

/** `prefix` only changes how the number reads in an excerpt: queries search the number itself. */
export function ticketDocText(t: TicketDocSource, prefix = ""): string {
  return [prefix ? `${prefix}-${t.number}` : String(t.number), t.subject, t.customerName ?? "", ...t.addresses]
    .filter(Boolean).join("\n");
}

export function messageDocText(m: MessageDocSource): string {
  const from = [m.from_name, m.from_address ? `<${m.from_address}>` : ""].filter(Boolean).join(" ");
  return [m.text_body, m.subject, from].filter(Boolean).join("\n");
}

export const ticketDocKey = (ticketId: string) => `t:${ticketId}`;
export const messageDocKey = (messageId: string) => `m:${messageId}`;

export function parseDocKey(key: string): { kind: "ticket" | "message"; id: string } {
  return { kind: key.startsWith("t:") ? "ticket" : "message", id: key.slice(2) };
}
