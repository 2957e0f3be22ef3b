// What leaves the server about a customer, for agents.
import type { Iso } from "../../db/schema.ts";

export type CustomerRow = { id: string; name: string | null; language: string; notes: string; created_at: Iso };

export function presentCustomer(c: CustomerRow) {
  return { id: c.id, name: c.name, language: c.language, notes: c.notes, createdAt: c.created_at };
}

export function presentCustomerAddress(a: { address: string; created_at: Iso }) {
  return { address: a.address, since: a.created_at };
}
