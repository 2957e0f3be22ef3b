// Customer records: addresses, history and the team's notes.
import { api } from "../../lib/api.ts";
import type { Customer, CustomerAddress, TicketSummary } from "../../lib/types.ts";

export type CustomerRecord = { customer: Customer; addresses: CustomerAddress[]; tickets: TicketSummary[]; notes: string | null | { text: string }[] };

const path = (id: string) => `/api/customers/${encodeURIComponent(id)}`;
export const loadCustomer = (id: string) => api.get<CustomerRecord>(path(id));
export const saveNotes = (id: string, notes: string) => api.patch<{ customer: Customer }>(path(id), { notes }).then((r) => r.customer);

/** Notes arrive as the customer's one notes text (or, tolerated, a list of entries). */
export function notesText(record: CustomerRecord): string {
  if (typeof record.notes === "string") return record.notes;
  if (Array.isArray(record.notes)) return record.notes.map((n) => n.text).join("\n");
  return record.customer.notes ?? "";
}
