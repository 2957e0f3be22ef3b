// Seeds one database for the console benchmark: schema through the app's own migrations (openRuntime),
// agents through createAgent, then the bulk rows from the seeded generator, streamed batch by batch.
import { sql } from "kysely";
import { createAgent } from "../../src/server/modules/agents/agent.commands.ts";
import type { Runtime } from "../../src/server/runtime.ts";
import { agentNames } from "./corpus.ts";
import { generateDataset, rowCount, TABLES, type DatasetOptions, type Probes, type Table } from "./dataset.ts";
import type { BulkLoader } from "./load-sqlite.ts";

export const BENCH_PASSWORD = "bench-console-password-1";
export const AGENT_COUNT = 40;

export type SeedPlan = Omit<DatasetOptions, "mailboxes" | "agents">;
export type LoadReport = {
  seconds: number; rows: number; perTable: Record<Table, number>; probes: Probes;
  agent: { id: string; email: string; mailboxIds: string[] };
};

/**
 * Agents first (the first one is the benchmark's own: role agent, member of the first two mailboxes, so
 * every read carries a mailbox scope as most agents' do), then the rows.
 */
export async function createBenchAgents(rt: Runtime): Promise<{ agents: { id: string; name: string }[]; me: LoadReport["agent"]; mailboxes: DatasetOptions["mailboxes"] }> {
  const mailboxes = await rt.ctx.db.selectFrom("mailboxes").select(["id", "address", "name"]).orderBy("address", "desc").execute();
  const agents: { id: string; name: string }[] = [];
  let me: LoadReport["agent"] | null = null;
  for (const [i, a] of agentNames(AGENT_COUNT).entries()) {
    const mailboxIds = mailboxes.slice(0, 2).map((m) => m.id);
    const created = await createAgent(rt.ctx, {
      email: a.email, name: a.name, role: i === 0 || i % 4 !== 0 ? "agent" : "supervisor", password: BENCH_PASSWORD,
      language: i % 2 === 0 ? "zh-CN" : "en", mailboxIds,
    });
    agents.push({ id: created.id, name: a.name });
    if (i === 0) me = { id: created.id, email: a.email, mailboxIds };
  }
  return { agents, me: me!, mailboxes };
}

export async function loadRows(
  loader: BulkLoader, options: DatasetOptions, batchTickets: number, onProgress: (done: number, rows: number, seconds: number) => void,
): Promise<Omit<LoadReport, "agent">> {
  const probes: Probes = { transactionIds: [], rareTickets: { en: [], zh: [] }, lastNumber: 0 };
  const perTable = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<Table, number>;
  const t0 = performance.now();
  let rows = 0;
  let tickets = 0;
  for (const batch of generateDataset(options, batchTickets, probes)) {
    for (const t of TABLES) perTable[t] += batch[t].length;
    rows += rowCount(batch);
    tickets += batch.tickets.length;
    await loader.insert(batch);
    // Let signals (Ctrl-C) through: SQLite's inserts are synchronous and never leave the event loop otherwise.
    await new Promise((resolve) => setImmediate(resolve));
    onProgress(tickets, rows, (performance.now() - t0) / 1000);
  }
  await loader.close();
  return { seconds: (performance.now() - t0) / 1000, rows, perTable, probes };
}

/** The ticket-number counter continues after the seeded tickets, as if they had arrived one by one. */
export async function setTicketCounter(rt: Runtime, lastNumber: number): Promise<void> {
  await sql`delete from counters where name = 'ticket_number'`.execute(rt.ctx.db);
  await sql`insert into counters (name, value) values ('ticket_number', ${lastNumber})`.execute(rt.ctx.db);
}
