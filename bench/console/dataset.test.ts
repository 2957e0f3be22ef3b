import assert from "node:assert/strict";
import { it } from "node:test";
import { RARE_TERMS } from "./corpus.ts";
import { generateDataset, TABLES, type Batch, type DatasetOptions, type Probes } from "./dataset.ts";

const options: DatasetOptions = {
  seed: 7, tickets: 3000, end: new Date("2026-03-02T09:00:00.000Z"), spanDays: 730, prefix: "PD", firstNumber: 100001,
  mailboxes: [{ id: "m1", address: "support@okpay.example", name: "S" }, { id: "m2", address: "merchants@okpay.example", name: "M" }, { id: "m3", address: "security@okpay.example", name: "X" }],
  agents: [{ id: "a1", name: "A" }, { id: "a2", name: "B" }],
};

function collect(batchTickets: number): { all: Batch; probes: Probes } {
  const probes: Probes = { transactionIds: [], rareTickets: { en: [], zh: [] }, lastNumber: 0 };
  const all = Object.fromEntries(TABLES.map((t) => [t, []])) as unknown as Batch;
  for (const b of generateDataset(options, batchTickets, probes)) for (const t of TABLES) all[t].push(...b[t]);
  return { all, probes };
}

it("gives the same rows for the same seed whatever the batch size", () => {
  const a = collect(3000);
  const b = collect(700);
  for (const t of TABLES) assert.deepEqual(a.all[t], b.all[t], t);
  assert.deepEqual(a.probes, b.probes);
});

it("builds consistent conversations: about 3 messages per ticket, rare terms in about 10 tickets each", () => {
  const { all, probes } = collect(1000);
  assert.equal(all.tickets.length, 3000);
  const perTicket = all.messages.length / all.tickets.length;
  assert.ok(perTicket > 2.6 && perTicket < 3.3, `messages per ticket ${perTicket}`);
  const ticketIds = new Set(all.tickets.map((t) => t.id));
  assert.ok(all.messages.every((m) => ticketIds.has(m.ticket_id as string)));
  assert.ok(all.events.every((e) => ticketIds.has(e.ticket_id as string)));
  const customerIds = new Set(all.customers.map((c) => c.id));
  assert.ok(all.tickets.every((t) => customerIds.has(t.customer_id as string)));
  assert.equal(new Set(all.messages.map((m) => m.id)).size, all.messages.length);
  assert.equal(new Set(all.customer_addresses.map((a) => a.address)).size, all.customer_addresses.length);
  // New tickets have no reply and nobody assigned; answered ones have both.
  for (const t of all.tickets) {
    if (t.status === "new") assert.equal(t.assignee_id, null);
    if (t.first_responded_at) assert.notEqual(t.assignee_id, null);
    assert.ok((t.updated_at as string) >= (t.created_at as string));
  }
  const withRare = (term: string) => new Set(all.messages.filter((m) => (m.text_body as string).includes(term)).map((m) => m.ticket_id)).size;
  assert.equal(withRare(RARE_TERMS.en), 10);
  assert.equal(withRare(RARE_TERMS.zh), 10);
  assert.equal(probes.rareTickets.en.length, 10);
  assert.equal(probes.lastNumber, 103000);
  const zh = all.tickets.filter((t) => t.language === "zh-CN").length / all.tickets.length;
  assert.ok(zh > 0.55 && zh < 0.75, `share of Chinese tickets ${zh}`);
});
