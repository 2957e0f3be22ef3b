// Console at scale: view listing, ticket page and search over a seeded million-ticket data set, SQLite and PostgreSQL.
//
// For each dialect: a fresh database gets the app's schema (openRuntime runs the migrations), 40 agents
// (createAgent), then the data set from bench/console/dataset.ts in bulk (about 3 messages and 11 events
// per ticket), then the search index. Then the console's reads are timed one after another:
// p50/p95/p99 over repeated queries, next to the targets at 1M tickets (list and ticket page p95 < 30 ms,
// search p95 < 150 ms). Prints figures; it is not a test.
// Usage: npm run bench:console -- [--scale 0.05] [--dialects sqlite,postgres] [--keep] [--help]
// See docs/benchmarks.md for what each figure means and for the figures measured so far.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { cpus, freemem, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import pg from "pg";
import pino from "pino";
import { manualClock } from "../src/server/clock.ts";
import { parseConfig } from "../src/server/config.ts";
import type { Dialect } from "../src/server/db/connect.ts";
import { buildHttpApp } from "../src/server/http/app.ts";
import { issueToken } from "../src/server/modules/agents/agent.commands.ts";
import { FIRST_TICKET_NUMBER } from "../src/server/modules/tickets/ticket.ts";
import { openRuntime, type Runtime } from "../src/server/runtime.ts";
import { createRng } from "./prng.ts";
import { TABLES } from "./console/dataset.ts";
import { openPostgresLoader } from "./console/load-postgres.ts";
import { openSqliteLoader } from "./console/load-sqlite.ts";
import { runMeasurements, TARGET_MS, type OpResult } from "./console/measure.ts";
import { BENCH_PASSWORD, createBenchAgents, loadRows, setTicketCounter, type LoadReport } from "./console/seed.ts";
import { buildSearchIndex } from "./console/search-index.ts";
import { codeState, machineBusySeconds } from "./machine-load.ts";

const FULL_TICKETS = 1_000_000;
const PREFIX = "PD";
/** The data set's clock: the newest ticket arrives just before this instant, and the runtime's clock stands here. */
const END = new Date("2026-03-02T09:00:00.000Z");

const { values: args } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    tickets: { type: "string" },
    dialects: { type: "string", default: "sqlite,postgres" },
    seed: { type: "string", default: "20260302" },
    repeat: { type: "string", default: "100" },
    warmup: { type: "string", default: "10" },
    batch: { type: "string", default: "5000" },
    "span-days": { type: "string", default: "730" },
    dir: { type: "string" },
    "pg-url": { type: "string", default: process.env.PAYDESK_BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test" },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (args.help) {
  console.log(`npm run bench:console -- [options]

  --scale F         fraction of the full data set (1 = ${FULL_TICKETS.toLocaleString("en")} tickets, ~3M messages); 0.01 for a quick run
  --tickets N       exact ticket count (overrides --scale)
  --dialects LIST   sqlite,postgres (default both)
  --repeat N        timed repetitions per operation (default 100), after --warmup N untimed ones (default 10)
  --seed N          data set seed (default 20260302)
  --batch N         tickets per bulk-load batch / transaction (default 5000)
  --span-days N     the tickets' creation dates spread over this many days before ${END.toISOString()} (default 730)
  --dir PATH        where the SQLite data directory goes (default: the system temp directory)
  --pg-url URL      PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test); the benchmark
                    works in its own schema bench_console_<random> and drops it afterwards
  --keep            keep the SQLite directory and the PostgreSQL schema (their names are printed)`);
  process.exit(0);
}

const tickets = args.tickets ? Number(args.tickets) : Math.round(FULL_TICKETS * Number(args.scale));
const dialects = args.dialects.split(",").map((s) => s.trim()).filter(Boolean) as Dialect[];
for (const d of dialects) if (d !== "sqlite" && d !== "postgres") throw new Error(`--dialects takes sqlite and postgres, not ${d}`);
const seed = Number(args.seed);
const log = pino({ level: "silent" });
const cleanups: (() => Promise<void>)[] = [];
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    void runCleanups().finally(() => process.exit(130));
  });
}

async function runCleanups() {
  while (cleanups.length) await cleanups.pop()!().catch((err: Error) => console.error(`cleanup: ${err.message}`));
}

// ---------------------------------------------------------------------------------------------
// Printing

const f1 = (n: number) => n.toFixed(1);
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const int = (n: number) => Math.round(n).toLocaleString("en");


/** CPU seconds this process and every other process used over a span (PostgreSQL's own work counts as "others"). */
function cpuMark() {
  const u = process.cpuUsage();
  const own = (u.user + u.system) / 1e6;
  const machine = machineBusySeconds();
  const t = performance.now();
  return () => {
    const u2 = process.cpuUsage();
    const own2 = (u2.user + u2.system) / 1e6 - own;
    const m2 = machineBusySeconds();
    const seconds = (performance.now() - t) / 1000;
    const others = m2 !== null && machine !== null ? Math.max(0, m2 - machine - own2) : null;
    return `cores busy: this ${(own2 / seconds).toFixed(2)}${others !== null ? `, others ${(others / seconds).toFixed(2)}` : ""}`;
  };
}


const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

function printResult(r: OpResult) {
  const target = TARGET_MS[r.group];
  const met = r.summary.p95 < target ? "yes" : "NO";
  console.log(`  ${r.label.padEnd(50)} ${String(r.summary.n).padStart(4)} ${ms(r.summary.p50).padStart(8)} ${ms(r.summary.p95).padStart(8)} ${ms(r.summary.p99).padStart(8)}   < ${String(target).padEnd(4)} ${met.padEnd(4)}${r.note ? `  ${r.note}` : ""}`);
}

function printHeader() {
  console.log(`  ${"operation".padEnd(50)} ${"n".padStart(4)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)}   target met?`);
}

// ---------------------------------------------------------------------------------------------
// One dialect

async function databaseBytes(rt: Runtime, dialect: Dialect, dataDir: string, schema: string | undefined): Promise<number> {
  if (dialect === "postgres") {
    const r = await sql<{ n: string }>`select coalesce(sum(pg_total_relation_size(c.oid)), 0)::text as n from pg_class c
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema!} and c.relkind in ('r', 'm')`.execute(rt.ctx.db);
    return Number(r.rows[0]!.n);
  }
  return readdirSync(dataDir).filter((f) => f.startsWith("paydesk.sqlite")).reduce((s, f) => s + statSync(join(dataDir, f)).size, 0);
}

function configFor(dialect: Dialect, dataDir: string) {
  return parseConfig({
    dataDir,
    databaseUrl: dialect === "postgres" ? args["pg-url"] : undefined,
    logLevel: "silent",
    services: ["web"],
    mailboxes: [
      { address: "support@okpay.example", name: "OKPay Support" },
      { address: "merchants@okpay.example", name: "OKPay Merchants" },
      { address: "security@okpay.example", name: "OKPay Security" },
    ],
    companyName: "OKPay",
    ticketPrefix: PREFIX,
    publicUrl: "https://help.okpay.example",
    signingSecret: "bench-signing-secret-0123456789abcdef",
    vaultKey: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
    http: { host: "127.0.0.1", port: 0 },
    smtp: { host: "127.0.0.1", port: 0 },
  });
}

async function runDialect(dialect: Dialect) {
  console.log(`\n=== ${dialect} — ${int(tickets)} tickets ===`);
  const baseDir = args.dir ?? tmpdir();
  mkdirSync(baseDir, { recursive: true });
  const dataDir = mkdtempSync(join(baseDir, "paydesk-bench-console-"));
  const schema = dialect === "postgres" ? `bench_console_${randomBytes(4).toString("hex")}` : undefined;
  if (!args.keep) cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  if (schema) {
    await pgExec(`create schema ${schema}`);
    if (!args.keep) cleanups.push(() => pgExec(`drop schema ${schema} cascade`));
  }
  console.log(`  ${dialect === "postgres" ? `schema ${schema} on ${args["pg-url"]}` : `data directory ${dataDir}`}${args.keep ? " (kept)" : " (removed afterwards)"}`);
  const config = configFor(dialect, dataDir);
  const clock = manualClock(END);

  // Schema and agents through the app; then the bulk rows around it.
  let rt = await openRuntime(config, { clock, log, pgSchema: schema });
  const { agents, me, mailboxes } = await createBenchAgents(rt);
  await rt.close();

  const options = { seed, tickets, end: END, spanDays: Number(args["span-days"]), prefix: PREFIX, firstNumber: FIRST_TICKET_NUMBER + 1, mailboxes, agents };
  const loader = dialect === "postgres" ? await openPostgresLoader(args["pg-url"], schema!) : openSqliteLoader(join(dataDir, "paydesk.sqlite"));
  let lastPrint = 0;
  const cpu = cpuMark();
  const loaded = await loadRows(loader, options, Number(args.batch), (done, rows, seconds) => {
    if (seconds - lastPrint >= 15 || done === tickets) {
      lastPrint = seconds;
      process.stdout.write(`  loading: ${int(done)} / ${int(tickets)} tickets, ${int(rows)} rows, ${f1(seconds)} s, ${int(rows / seconds)} rows/s\n`);
    }
  });
  const load: LoadReport = { ...loaded, agent: me };
  console.log(`  bulk load: ${int(load.rows)} rows in ${f1(load.seconds)} s = ${int(load.rows / load.seconds)} rows/s (${int(tickets / load.seconds)} tickets/s, ${int(load.perTable.messages / load.seconds)} messages/s; ${cpu()})`);
  console.log(`    ${TABLES.map((t) => `${t} ${int(load.perTable[t])}`).join(", ")}`);

  rt = await openRuntime(config, { clock, log, pgSchema: schema });
  cleanups.push(() => rt.close());
  await setTicketCounter(rt, load.probes.lastNumber);
  {
    const cpuIndex = cpuMark();
    const t0 = performance.now();
    let lastIndexPrint = 0;
    const indexed = await buildSearchIndex(rt.ctx, (done, total) => {
      const seconds = (performance.now() - t0) / 1000;
      if (seconds - lastIndexPrint >= 15) {
        lastIndexPrint = seconds;
        console.log(`  indexing: ${int(done)} / ${int(total)} documents, ${f1(seconds)} s`);
      }
    });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`  search index (engine backfill): ${int(indexed)} documents (tickets + messages) in ${f1(seconds)} s = ${int(indexed / seconds)} documents/s (${cpuIndex()})`);
  }
  const tAnalyze = performance.now();
  // Statistics as a running server has them: PostgreSQL's autovacuum analyses after bulk changes.
  if (dialect === "postgres") await sql`analyze`.execute(rt.ctx.db);
  if (dialect === "postgres") console.log(`  analyze: ${f1((performance.now() - tAnalyze) / 1000)} s`);
  console.log(`  database size: ${mib(await databaseBytes(rt, dialect, dataDir, schema))}`);

  const app = await buildHttpApp(rt.ctx);
  cleanups.push(() => app.close());
  const { token } = await issueToken(rt.ctx, me.email, BENCH_PASSWORD);
  console.log(`  measured as ${me.email} (role agent, 2 of 3 mailboxes), ${args.repeat} timed runs per operation after ${args.warmup} warm-up runs, one at a time\n`);
  printHeader();
  const cpuMeasure = cpuMark();
  const results = await runMeasurements({
    base: rt.ctx, app, authorization: `Bearer ${token}`, agent: me, prefix: PREFIX,
    probes: load.probes, rng: createRng(seed + 1), n: Number(args.repeat), warmup: Number(args.warmup),
    onResult: printResult,
  });
  console.log(`  (measurements: ${cpuMeasure()})`);
  const missed = results.filter((r) => r.summary.p95 >= TARGET_MS[r.group]);
  console.log(`  ${results.length - missed.length} of ${results.length} operations within target${missed.length ? `; missed: ${missed.map((r) => r.label).join("; ")}` : ""}`);
  await runCleanups();
}

async function pgExec(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: args["pg-url"] });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function main() {
  const cpu = cpus();
  console.log(`PayDesk console benchmark — ${new Date().toISOString().slice(0, 10)}`);
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${mib(totalmem())} RAM (${mib(freemem())} free), ${platform()} ${release()}, Node ${process.version}`);
  console.log(`code: ${codeState()}`);
  console.log(`data set: ${int(tickets)} tickets (scale ${f1(tickets / FULL_TICKETS * 100)}% of 1M), seed ${seed}, created over ${args["span-days"]} days up to ${END.toISOString()}`);
  console.log(`"cores busy": this = this process; others = every other process meanwhile (PostgreSQL's server processes count there)`);
  for (const dialect of dialects) {
    if (interrupted) break;
    await runDialect(dialect);
  }
}

try {
  await main();
} finally {
  await runCleanups();
}
