// Ingest throughput: how fast mail goes from bytes to tickets, next to how fast it can merely be parsed.
//
//   (a) bare MIME parsing: mailparser's simpleParser on each message, one at a time (the baseline)
//   (b) the whole pipeline into SQLite: acceptInbound (raw bytes sealed and fsynced, intake row and job
//       committed) for a batch, then the worker drains it (dedupe … triage, commit, acknowledgements to
//       the outbox)
//   (c) the SMTP receiver over 4 concurrent client connections with the worker running in-process:
//       accepted messages/s (the 250 reply means durably accepted), then the time until none is pending;
//       the sending client runs on its own thread (bench/smtp-sender.worker.ts)
//
// Each part runs in a fresh process. Prints figures; it is not a test.
// Usage: npm run bench:ingest -- [--count N] [--only a,b,c] [--profile] [--help]
// See docs/benchmarks.md for what each figure means and for the figures measured so far.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, platform, release, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import { Worker } from "node:worker_threads";
import vm from "node:vm";
import { simpleParser } from "mailparser";
import { createSmtpReceiver } from "../src/server/channels/smtp/smtp-receiver.ts";
import { parseConfig } from "../src/server/config.ts";
import { acceptInbound } from "../src/server/ingest/accept.ts";
import { parseMessage } from "../src/server/ingest/decode/parse-message.ts";
import { contentHash } from "../src/server/ingest/raw-headers.ts";
import { inThreadWork } from "../src/server/ingest/work/message-work.ts";
import { readablePartsOf } from "../src/server/ingest/redact/redact-content.ts";
import { createVault } from "../src/server/security/vault.ts";
import { openRuntime, type Runtime } from "../src/server/runtime.ts";
import { disableFileFsync, installProfile, profileBlobs, timeStage, type Profile } from "./instrument.ts";
import { buildMessageSet, describeSet, nthMessage, SUPPORT_ADDRESS, type MessageTemplate } from "./message-set.ts";
import type { SenderCommand, SenderInput, SenderReport } from "./smtp-sender.worker.ts";
import { codeState, machineBusySeconds } from "./machine-load.ts";

const TARGET_B_OVER_A = 0.6;
const TARGET_C_PER_SECOND = 150;
const DEFAULT_COUNT = { a: 2000, b: 1000, c: 1000 };
const SAMPLE_EVERY = 1000;

const { values: args } = parseArgs({
  options: {
    count: { type: "string" },
    only: { type: "string", default: "a,b,c" },
    batch: { type: "string", default: "100" },
    connections: { type: "string", default: "4" },
    seed: { type: "string", default: "20261125" },
    dir: { type: "string" },
    profile: { type: "boolean", default: false },
    "what-if": { type: "string", default: "" },
    "one-process": { type: "boolean", default: false },
    "child-result": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (args.help) {
  console.log(`npm run bench:ingest -- [options]

  --count N         messages per measurement (default a=${DEFAULT_COUNT.a}, b=${DEFAULT_COUNT.b}, c=${DEFAULT_COUNT.c});
                    (b) samples memory every ${SAMPLE_EVERY} messages, so --count 20000 --only b is the memory run
  --only a,b,c      which measurements to run
  --batch N         (b): messages accepted before each drain (default 100)
  --connections N   (c): concurrent SMTP connections (default 4)
  --seed N          message set seed (default 20261125)
  --dir PATH        where the temporary data directories go (default: ./data, removed afterwards)
  --profile         (b): time each pipeline stage, fsync and SQLite statement
  --one-process     run the parts one after another in this process (default: a fresh process each)
  --what-if LIST    diagnostics, comma-separated; they change how PayDesk runs, so never quote them as
                    its figures:
                      no-fsync        file fsyncs return at once (blob store, outbox)
                      worker-after    (c): the worker starts only after the last 250 (acceptance alone)
                      dns-ms=N        every DNS lookup answers "not found" after N ms, as a real
                                      resolver would take (default: at once)
                    and settings, to price each (defaults: as configured out of the box):
                      threads=N       worker.threads: work threads (0: the main thread does the work)
                      concurrency=N   worker.concurrency: jobs in flight
                      inline-max=N    storage.inlineMaxBytes (0: every blob a file of its own)
                      clamd=PATH      virusScan.clamd: every attachment passes this clamd (start it first)`);
  process.exit(0);
}

const only = new Set(args.only.split(",").map((s) => s.trim()).filter(Boolean));
for (const part of only) if (!["a", "b", "c"].includes(part)) throw new Error(`--only takes a, b and c, not ${part}`);
const countOf = (part: "a" | "b" | "c") => (args.count ? Number(args.count) : DEFAULT_COUNT[part]);
const whatIfList = args["what-if"].split(",").map((s) => s.trim()).filter(Boolean);
const whatIf = new Set(whatIfList.map((w) => w.split("=")[0]!));
for (const w of whatIf) if (!["no-fsync", "worker-after", "dns-ms", "threads", "concurrency", "inline-max", "clamd"].includes(w)) throw new Error(`unknown --what-if ${w}`);
const whatIfNumber = (name: string, fallback: number) => Number(whatIfList.find((w) => w.startsWith(`${name}=`))?.split("=")[1] ?? fallback);
/** Settings a what-if changes; unset ones keep their defaults. */
const workerSettings = {
  ...(whatIf.has("threads") ? { threads: whatIfNumber("threads", 1) } : {}),
  ...(whatIf.has("concurrency") ? { concurrency: whatIfNumber("concurrency", 8) } : {}),
  // Stage times are told apart only when jobs do not overlap: --profile runs one job at a time.
  ...(args.profile && !whatIf.has("concurrency") ? { concurrency: 1 } : {}),
};
const storageSettings = whatIf.has("inline-max") ? { inlineMaxBytes: whatIfNumber("inline-max", 1 << 20) } : {};
const dnsMs = whatIfNumber("dns-ms", 0);
const clamdEndpoint = whatIfList.find((w) => w.startsWith("clamd="))?.slice("clamd=".length);
const virusScanSettings = clamdEndpoint ? { virusScan: { clamd: clamdEndpoint } } : {};
// By default on the file system PayDesk keeps its data on (./data, git-ignored): file creation and
// fsync costs differ between file systems, and on some machines /tmp is markedly slower.
const repoData = fileURLToPath(new URL("../data", import.meta.url));
const baseDir = args.dir ?? repoData;
const createdBaseDir = !existsSync(baseDir);
mkdirSync(baseDir, { recursive: true });
/** Data directories still in use: removed on exit, also when the run is interrupted. */
const liveDataDirs = new Set<string>();
process.on("exit", () => {
  for (const dir of liveDataDirs) rmSync(dir, { recursive: true, force: true });
  // Leave no empty data/ behind that the benchmark made.
  if (createdBaseDir && existsSync(baseDir) && readdirSync(baseDir).length === 0) rmdirSync(baseDir);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

// A clean heap reading needs a collection first; the flag can be set at run time.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

// ---------------------------------------------------------------------------------------------
// Printing

const MB = 1_000_000;
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

/**
 * cpu: CPU seconds this process used (all threads) over the span; others: CPU seconds every other
 * process on the machine used meanwhile (from /proc/stat), which shows whether the figure was contended.
 */
type Rate = { label: string; messages: number; bytes: number; seconds: number; cpu?: number; others?: number };
type CpuMark = { own: number; machine: number | null };


function cpuMark(): CpuMark {
  const u = process.cpuUsage();
  return { own: (u.user + u.system) / 1e6, machine: machineBusySeconds() };
}

function cpuSince(m: CpuMark): { cpu: number; others?: number } {
  const now = cpuMark();
  const cpu = now.own - m.own;
  return now.machine !== null && m.machine !== null ? { cpu, others: Math.max(0, now.machine - m.machine - cpu) } : { cpu };
}
const perSecond = (r: Rate) => r.messages / r.seconds;
const mbPerSecond = (r: Rate) => r.bytes / MB / r.seconds;

function printRate(r: Rate, note = "") {
  console.log(`  ${pad(r.label, 44)} ${lpad(f1(perSecond(r)), 8)} msg/s ${lpad(f2(mbPerSecond(r)), 8)} MB/s   (${r.messages} msgs, ${f1(r.bytes / MB)} MB, ${f2(r.seconds)} s${r.cpu !== undefined ? `; cores busy: this ${f2(r.cpu / r.seconds)}` : ""}${r.others !== undefined ? `, others ${f2(r.others / r.seconds)}` : ""})${note ? `  ${note}` : ""}`);
}


// ---------------------------------------------------------------------------------------------
// Runtime

const BENCH_VAULT_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

// No DNS in the benchmark: every lookup is "no such record", at once unless --what-if dns-ms=N.
const dnsResolver = async (name: string) => {
  if (dnsMs > 0) await new Promise((r) => setTimeout(r, dnsMs));
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
};

async function openBenchRuntime(services: ("worker" | "smtp")[]): Promise<Runtime & { dataDir: string; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(baseDir, "paydesk-bench-"));
  liveDataDirs.add(dataDir);
  const config = parseConfig({
    dataDir,
    services,
    logLevel: "silent",
    mailboxes: [{ address: SUPPORT_ADDRESS, name: "OKPay Support" }],
    companyName: "OKPay",
    ticketPrefix: "PD",
    publicUrl: "https://help.okpay.example",
    signingSecret: "bench-signing-secret-0123456789abcdef",
    vaultKey: BENCH_VAULT_KEY,
    smtp: { host: "127.0.0.1", port: 0, maxMessagesPerClientPerMinute: 1_000_000, maxConnectionsPerClient: 64 },
    // Every new ticket is acknowledged (the set reuses some senders; the default cap would skip a few).
    acknowledgements: { maxPerAddressPerHour: 1_000_000 },
    worker: workerSettings,
    storage: storageSettings,
    ...virusScanSettings,
  });
  const runtime = await openRuntime(config, { dnsResolver });
  return {
    ...runtime,
    dataDir,
    async dispose() {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
      liveDataDirs.delete(dataDir);
    },
  };
}

async function outcomes(rt: Runtime) {
  const db = rt.connection.db;
  const count = async (table: "tickets" | "messages" | "attachments" | "outbound_mail") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const inbound = await db.selectFrom("inbound").select(["status", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("status").execute();
  const outboxed = await db.selectFrom("outbound_mail").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "outboxed").executeTakeFirstOrThrow();
  return {
    inbound: Object.fromEntries(inbound.map((r) => [r.status, Number(r.n)])),
    tickets: await count("tickets"),
    messages: await count("messages"),
    attachments: await count("attachments"),
    outbound: await count("outbound_mail"),
    outboxed: Number(outboxed.n),
  };
}

function printOutcomes(o: Awaited<ReturnType<typeof outcomes>>) {
  console.log(`  outcome: inbound ${JSON.stringify(o.inbound)}; ${o.tickets} tickets, ${o.messages} messages, ${o.attachments} attachments; ${o.outbound} acknowledgements queued, ${o.outboxed} written to the outbox`);
}

// ---------------------------------------------------------------------------------------------
// (a) bare parsing

const parseOptions = { skipTextToHtml: true, skipImageLinks: true, maxHtmlLengthToParse: 5_000_000 } as const;

async function benchParse(set: MessageTemplate[], count: number): Promise<Rate> {
  for (const t of set) await simpleParser(t.raw, parseOptions); // warm-up: one pass over the set
  let bytes = 0;
  const c0 = cpuMark();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const raw = set[i % set.length]!.raw;
    await simpleParser(raw, parseOptions);
    bytes += raw.length;
  }
  return { label: "(a) simpleParser, one at a time", messages: count, bytes, seconds: (performance.now() - t0) / 1000, ...cpuSince(c0) };
}

/** For reference: what the decode filter runs (simpleParser, then HTML sanitising and quote splitting). */
async function benchDecode(set: MessageTemplate[], count: number): Promise<Rate> {
  for (const t of set) await parseMessage(t.raw);
  let bytes = 0;
  const c0 = cpuMark();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const raw = set[i % set.length]!.raw;
    await parseMessage(raw);
    bytes += raw.length;
  }
  return { label: "    for reference: parseMessage (decode filter)", messages: count, bytes, seconds: (performance.now() - t0) / 1000, ...cpuSince(c0) };
}

/**
 * The message work the pipeline cannot skip, on one thread and with no storage at all: sender
 * authentication, decoding (parse, sanitise, split quotes), redaction, hashing and sealing the raw bytes.
 * Twice this rate is what two cores could do with free storage: a ceiling for (b).
 */
async function benchMessageWork(set: MessageTemplate[], count: number): Promise<Rate> {
  const work = inThreadWork(dnsResolver);
  const vault = createVault(BENCH_VAULT_KEY);
  const one = async (t: MessageTemplate) => {
    const facts = { ip: "203.0.113.7", helo: "mail.example.net", sender: t.from, mta: "paydesk.local" };
    await work.checkSender(t.raw, facts);
    const c = await work.decode(t.raw);
    await work.redact(readablePartsOf(c));
    createHash("sha256").update(t.raw).digest("hex");
    contentHash(t.raw);
    vault.seal(t.raw);
  };
  for (const t of set) await one(t);
  let bytes = 0;
  const c0 = cpuMark();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const t = set[i % set.length]!;
    await one(t);
    bytes += t.raw.length;
  }
  return { label: "    for reference: message work alone, no storage", messages: count, bytes, seconds: (performance.now() - t0) / 1000, ...cpuSince(c0) };
}

// ---------------------------------------------------------------------------------------------
// (b) full pipeline

/** rate: messages per second (accept + drain) over the window since the previous sample. */
type MemorySample = { messages: number; rss: number; heapUsed: number; rate: number | null };

async function benchPipeline(set: MessageTemplate[], count: number, batch: number, profile: Profile | null) {
  const rt = await openBenchRuntime(["worker"]);
  if (profile) profileBlobs(profile, rt.ctx.services);
  try {
    // Warm-up: one batch through the same runtime, not counted.
    for (let i = 0; i < Math.min(batch, set.length); i++) {
      const m = nthMessage(set, i, 9_000_000);
      await acceptInbound(rt.ctx, { channel: "smtp", raw: m.raw, envelope: envelopeOf(m.from) });
    }
    await rt.runner.drain();
    profile?.reset();

    let acceptMs = 0;
    let drainMs = 0;
    const acceptCpu = { cpu: 0, others: 0 };
    const drainCpu = { cpu: 0, others: 0 };
    const addCpu = (to: { cpu: number; others: number }, d: { cpu: number; others?: number }) => {
      to.cpu += d.cpu;
      to.others += d.others ?? 0;
    };
    let bytes = 0;
    const samples: MemorySample[] = [];
    let windowMs = 0;
    let windowStart = 0;
    const sample = (messages: number) => {
      gc();
      const m = process.memoryUsage();
      const rate = messages > windowStart ? ((messages - windowStart) * 1000) / windowMs : null;
      samples.push({ messages, rss: m.rss, heapUsed: m.heapUsed, rate });
      windowStart = messages;
      windowMs = 0;
    };
    sample(0);
    for (let done = 0; done < count; ) {
      const n = Math.min(batch, count - done);
      const messages = Array.from({ length: n }, (_, k) => nthMessage(set, done + k));
      let t0 = performance.now();
      const tBatch = t0;
      let c0 = cpuMark();
      for (const m of messages) {
        await timeStage(profile, "accept", () => acceptInbound(rt.ctx, { channel: "smtp", raw: m.raw, envelope: envelopeOf(m.from) }));
        bytes += m.raw.length;
      }
      acceptMs += performance.now() - t0;
      addCpu(acceptCpu, cpuSince(c0));
      t0 = performance.now();
      c0 = cpuMark();
      await timeStage(profile, "drain", () => rt.runner.drain());
      drainMs += performance.now() - t0;
      addCpu(drainCpu, cpuSince(c0));
      windowMs += performance.now() - tBatch;
      const before = done;
      done += n;
      if (Math.floor(done / SAMPLE_EVERY) > Math.floor(before / SAMPLE_EVERY) || done === count) sample(done);
    }
    const result = await outcomes(rt);
    return {
      total: { label: "(b) pipeline: accept + process", messages: count, bytes, seconds: (acceptMs + drainMs) / 1000, cpu: acceptCpu.cpu + drainCpu.cpu, others: acceptCpu.others + drainCpu.others },
      accept: { label: "    of which durable acceptance", messages: count, bytes, seconds: acceptMs / 1000, ...acceptCpu },
      drain: { label: "    of which processing (worker drain)", messages: count, bytes, seconds: drainMs / 1000, ...drainCpu },
      samples,
      result,
    };
  } finally {
    await rt.dispose();
  }
}

const envelopeOf = (from: string) => ({ mailFrom: from, rcptTo: [SUPPORT_ADDRESS], remoteIp: "203.0.113.7", helo: "mail.example.net", clientHostname: "mail.example.net" });

function printMemory(samples: MemorySample[]) {
  console.log(`\n  memory (after a forced GC, every ${SAMPLE_EVERY} messages):`);
  console.log(`    ${lpad("messages", 9)} ${lpad("rss", 12)} ${lpad("heapUsed", 12)} ${lpad("msg/s since previous", 22)}`);
  for (const s of samples) console.log(`    ${lpad(String(s.messages), 9)} ${lpad(mib(s.rss), 12)} ${lpad(mib(s.heapUsed), 12)} ${lpad(s.rate === null ? "" : f1(s.rate), 22)}`);
  const second = samples.filter((s) => s.messages > 0).slice(Math.floor(samples.filter((s) => s.messages > 0).length / 2));
  if (second.length >= 2) {
    const heap = second.map((s) => s.heapUsed);
    const rss = second.map((s) => s.rss);
    console.log(`    second half (${second[0]!.messages}..${second[second.length - 1]!.messages}): heapUsed max/min ${(Math.max(...heap) / Math.min(...heap)).toFixed(3)}, rss max/min ${(Math.max(...rss) / Math.min(...rss)).toFixed(3)}  (close to 1.0 = no growth trend)`);
  } else {
    console.log(`    (run with --count 20000 --only b for a series long enough to judge growth)`);
  }
}

function printProfile(profile: Profile, count: number, totalMs: number) {
  const rows = [...profile.stages.entries()].sort((x, y) => y[1].ms - x[1].ms);
  console.log(`\n  profile of (b), wall time per stage (stages nest: filters and commit run inside "job inbound.process", jobs inside "drain"):`);
  console.log(`    ${pad("stage", 30)} ${lpad("calls", 7)} ${lpad("total ms", 10)} ${lpad("ms/msg", 8)} ${lpad("share", 7)}`);
  for (const [stage, t] of rows) {
    console.log(`    ${pad(stage, 30)} ${lpad(String(t.calls), 7)} ${lpad(t.ms.toFixed(0), 10)} ${lpad((t.ms / count).toFixed(3), 8)} ${lpad(`${((100 * t.ms) / totalMs).toFixed(1)}%`, 7)}`);
  }
  console.log(`\n  I/O and SQLite inside each stage (innermost stage):`);
  console.log(`    ${pad("stage", 28)} ${pad("kind", 26)} ${lpad("calls", 7)} ${lpad("total ms", 10)} ${lpad("ms/msg", 8)} ${lpad("share", 7)}`);
  const flat: [string, string, { calls: number; ms: number }][] = [];
  for (const [stage, kinds] of profile.io) for (const [kind, t] of kinds) flat.push([stage, kind, t]);
  flat.sort((x, y) => y[2].ms - x[2].ms);
  const totals = new Map<string, { calls: number; ms: number }>();
  for (const [stage, kind, t] of flat) {
    console.log(`    ${pad(stage, 28)} ${pad(kind, 26)} ${lpad(String(t.calls), 7)} ${lpad(t.ms.toFixed(0), 10)} ${lpad((t.ms / count).toFixed(3), 8)} ${lpad(`${((100 * t.ms) / totalMs).toFixed(1)}%`, 7)}`);
    const sum = totals.get(kind) ?? { calls: 0, ms: 0 };
    sum.calls += t.calls;
    sum.ms += t.ms;
    totals.set(kind, sum);
  }
  console.log(`\n  totals by kind:`);
  for (const [kind, t] of [...totals].sort((x, y) => y[1].ms - x[1].ms)) {
    console.log(`    ${pad(kind, 26)} ${lpad(String(t.calls), 7)} calls ${lpad(t.ms.toFixed(0), 8)} ms ${lpad((t.calls / count).toFixed(2), 6)}/msg ${lpad((t.ms / count).toFixed(3), 8)} ms/msg ${lpad(`${((100 * t.ms) / totalMs).toFixed(1)}%`, 7)}`);
  }
  console.log(`\n  SQLite statements by time (top 15; a lone write outside a transaction commits, so its time includes a sync):`);
  for (const [source, t] of [...profile.statements].sort((x, y) => y[1].ms - x[1].ms).slice(0, 15)) {
    console.log(`    ${lpad(String(t.calls), 7)} calls ${lpad(t.ms.toFixed(0), 7)} ms ${lpad((t.ms / count).toFixed(3), 7)} ms/msg  ${source.length > 90 ? `${source.slice(0, 87)}...` : source}`);
  }
}

// ---------------------------------------------------------------------------------------------
// (c) SMTP receiver

async function benchSmtp(count: number, connections: number) {
  const rt = await openBenchRuntime(["worker", "smtp"]);
  const receiver = createSmtpReceiver(rt.ctx);
  const port = await receiver.listen();
  const workerAfter = whatIf.has("worker-after");
  rt.runner.start();
  const input: SenderInput = { port, seed: Number(args.seed), count, connections, warmup: connections * 4, cycleBase: 1_000_000 };
  // Node 20 workers do not inherit `--import tsx`: register it inside the worker, then load the sender.
  const boot = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL("./smtp-sender.worker.ts", import.meta.url).href)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: input });
  try {
    const reports: SenderReport[] = [];
    let wake: (() => void) | null = null;
    worker.on("message", (r: SenderReport) => {
      reports.push(r);
      wake?.();
    });
    const failed = new Promise<never>((_, reject) => worker.once("error", reject));
    failed.catch(() => {}); // seen through nextReport's race; an error after the last report is moot
    const nextReport = async (): Promise<SenderReport> => {
      while (!reports.length) await Promise.race([new Promise<void>((r) => (wake = r)), failed]);
      return reports.shift()!;
    };
    // Warm-up: the sender builds its copy of the set and sends a few; wait until they are processed.
    await nextReport();
    await waitUntilProcessed(rt);
    await waitUntilQueueEmpty(rt);
    if (workerAfter) await rt.runner.stop();

    const c0 = cpuMark();
    const t0 = performance.now();
    worker.postMessage({ kind: "go" } satisfies SenderCommand);
    const done = await nextReport();
    if (done.kind !== "done") throw new Error("sender out of step");
    const acceptedCpu = cpuSince(c0);
    const pendingAtEnd = await pendingCount(rt);
    if (workerAfter) rt.runner.start();
    await waitUntilProcessed(rt);
    const processedMs = performance.now() - t0;
    const processedCpu = cpuSince(c0);
    await waitUntilQueueEmpty(rt);
    const settledMs = performance.now() - t0;
    const accepted = count - done.refused.length;
    const result = await outcomes(rt);
    return {
      accepted: { label: `(c) SMTP, ${connections} connections: accepted (250)`, messages: accepted, bytes: done.bytes, seconds: done.ms / 1000, ...acceptedCpu },
      processed: { label: "    until none pending (all processed)", messages: accepted, bytes: done.bytes, seconds: processedMs / 1000, ...processedCpu },
      settledSeconds: settledMs / 1000,
      pendingAtEnd,
      refused: done.refused,
      result,
    };
  } finally {
    await worker.terminate();
    await receiver.close();
    await rt.dispose();
  }
}

async function pendingCount(rt: Runtime): Promise<number> {
  const r = await rt.connection.db.selectFrom("inbound").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "pending").executeTakeFirstOrThrow();
  return Number(r.n);
}

async function waitUntilProcessed(rt: Runtime) {
  while ((await pendingCount(rt)) > 0) await new Promise((r) => setTimeout(r, 50));
}

async function waitUntilQueueEmpty(rt: Runtime) {
  for (;;) {
    const r = await rt.connection.db.selectFrom("jobs").select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "in", ["queued", "running"]).executeTakeFirstOrThrow();
    if (Number(r.n) === 0) return;
    await new Promise((res) => setTimeout(res, 50));
  }
}

// ---------------------------------------------------------------------------------------------

type Results = {
  a?: { parse: Rate; decode: Rate; work: Rate };
  b?: Awaited<ReturnType<typeof benchPipeline>>;
  c?: Awaited<ReturnType<typeof benchSmtp>>;
};

/** Runs the parts named in --only in this process, printing each part's figures as it finishes. */
async function runParts(set: MessageTemplate[]): Promise<Results> {
  if (whatIf.has("no-fsync")) await disableFileFsync(baseDir);
  const profile = args.profile && only.has("b") ? await installProfile(baseDir) : null;
  const out: Results = {};
  if (only.has("a")) {
    out.a = { parse: await benchParse(set, countOf("a")), decode: await benchDecode(set, countOf("a")), work: await benchMessageWork(set, countOf("a")) };
    printRate(out.a.parse);
    printRate(out.a.decode);
    printRate(out.a.work);
  }
  if (only.has("b")) {
    const b = (out.b = await benchPipeline(set, countOf("b"), Number(args.batch), profile));
    if (profile) profile.enabled = false;
    printRate(b.total);
    printRate(b.accept);
    printRate(b.drain);
    printOutcomes(b.result);
    printMemory(b.samples);
    if (profile) printProfile(profile, b.total.messages, b.total.seconds * 1000);
    console.log("");
  }
  if (only.has("c")) {
    const c = (out.c = await benchSmtp(countOf("c"), Number(args.connections)));
    printRate(c.accepted);
    printRate(c.processed, `(${c.pendingAtEnd} still pending when the last 250 came)`);
    console.log(`  ${pad("    until the job queue is empty (outbox too)", 44)} ${lpad(f1(c.accepted.messages / c.settledSeconds), 8)} msg/s              (${f2(c.settledSeconds)} s)`);
    if (c.refused.length) console.log(`  REFUSED ${c.refused.length}: ${[...new Set(c.refused)].slice(0, 3).join(" | ")}`);
    printOutcomes(c.result);
  }
  return out;
}

/**
 * Each part runs in a fresh process: what one part leaves behind (heap, JIT state, open files) must
 * not bend the next one's figure. Measured: (c) after (b) in the same process was about 20% slower.
 */
function runPartInChild(part: "a" | "b" | "c"): Results {
  const resultFile = join(baseDir, `.bench-result-${process.pid}-${part}.json`);
  const passOn = [
    ...(args.count ? ["--count", args.count] : []),
    "--batch", args.batch, "--connections", args.connections, "--seed", args.seed, "--dir", baseDir,
    ...(args.profile ? ["--profile"] : []),
    ...(whatIfList.length ? ["--what-if", whatIfList.join(",")] : []),
  ];
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...passOn, "--only", part, "--child-result", resultFile], { stdio: "inherit" });
  if (child.status !== 0) throw new Error(`part ${part} failed (exit ${child.status ?? child.signal})`);
  try {
    return JSON.parse(readFileSync(resultFile, "utf8")) as Results;
  } finally {
    rmSync(resultFile, { force: true });
  }
}

function printSummary(r: Results) {
  const a = r.a?.parse;
  console.log("\nsummary");
  if (a) console.log(`  (a) parse     ${lpad(f1(perSecond(a)), 8)} msg/s ${lpad(f2(mbPerSecond(a)), 7)} MB/s`);
  if (r.b) {
    const ratio = a ? perSecond(r.b.total) / perSecond(a) : null;
    console.log(`  (b) pipeline  ${lpad(f1(perSecond(r.b.total)), 8)} msg/s ${lpad(f2(mbPerSecond(r.b.total)), 7)} MB/s   b/a = ${ratio === null ? "n/a (run a too)" : f2(ratio)}   target b/a ≥ ${TARGET_B_OVER_A}: ${ratio === null ? "?" : ratio >= TARGET_B_OVER_A ? "met" : "NOT met"}`);
  }
  if (a && r.a?.work) {
    const cores = cpus().length;
    const ceiling = cores * perSecond(r.a.work);
    console.log(`  ceiling for (b): ${cores} cores × message work alone = ${f1(ceiling)} msg/s with free storage and perfect use of every core, b/a ≤ ${f2(ceiling / perSecond(a))}`);
  }
  if (r.c) {
    const rate = perSecond(r.c.accepted);
    console.log(`  (c) SMTP      ${lpad(f1(rate), 8)} msg/s ${lpad(f2(mbPerSecond(r.c.accepted)), 7)} MB/s   c/a = ${a ? f2(rate / perSecond(a)) : "n/a (run a too)"}   target c ≥ ${TARGET_C_PER_SECOND} msg/s: ${rate >= TARGET_C_PER_SECOND ? "met" : "NOT met"}`);
    console.log(`                all processed after ${f2(r.c.processed.seconds)} s (${f1(perSecond(r.c.processed))} msg/s)`);
  }
  const contended = [r.a?.parse, r.b?.total, r.c?.accepted].filter((x): x is Rate => !!x && x.others !== undefined && x.others / x.seconds > 0.1);
  if (contended.length) console.log(`  WARNING: other processes used CPU during ${contended.map((x) => x.label.slice(0, 3)).join(", ")}: those figures are low`);
}

async function main() {
  const childResult = args["child-result"];
  const parts = (["a", "b", "c"] as const).filter((p) => only.has(p));
  if (!childResult) {
    const cpu = cpus();
    console.log(`PayDesk ingest benchmark — ${new Date().toISOString().slice(0, 10)}`);
    console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${mib(totalmem())} RAM (${mib(freemem())} free), ${platform()} ${release()}, Node ${process.version}`);
    console.log(`code: ${codeState()}`);
    console.log(`"cores busy": this = this process, all threads; others = every other process meanwhile (above ~0.1, the figure was contended)`);
    console.log(`data directories under ${baseDir}; each part runs in a fresh process${whatIf.size ? `\nWHAT-IF (diagnostic only, not how PayDesk runs): ${whatIfList.join(", ")}` : ""}`);
  }
  if (childResult || parts.length === 1 || args["one-process"]) {
    const t0 = performance.now();
    const set = await buildMessageSet({ seed: Number(args.seed) });
    if (!childResult) {
      const d = describeSet(set);
      console.log(`message set: ${d.count} messages (seed ${args.seed}, built in ${((performance.now() - t0) / 1000).toFixed(1)} s): ${Object.entries(d.byKind).map(([k, v]) => `${v} ${k}`).join(", ")}; ${d.chinese} Chinese, ${d.dkimSigned} DKIM-signed, ${d.withAttachments} with attachments`);
      console.log(`  sizes: min ${(d.minBytes / 1024).toFixed(1)} KB, median ${(d.medianBytes / 1024).toFixed(1)} KB, mean ${(d.meanBytes / 1024).toFixed(1)} KB, p90 ${(d.p90Bytes / 1024).toFixed(1)} KB, max ${(d.maxBytes / 1024).toFixed(1)} KB\n`);
    }
    const results = await runParts(set);
    if (childResult) writeFileSync(childResult, JSON.stringify(results));
    else printSummary(results);
    return;
  }
  const set = await buildMessageSet({ seed: Number(args.seed) });
  const d = describeSet(set);
  console.log(`message set: ${d.count} messages (seed ${args.seed}): ${Object.entries(d.byKind).map(([k, v]) => `${v} ${k}`).join(", ")}; ${d.chinese} Chinese, ${d.dkimSigned} DKIM-signed, ${d.withAttachments} with attachments`);
  console.log(`  sizes: min ${(d.minBytes / 1024).toFixed(1)} KB, median ${(d.medianBytes / 1024).toFixed(1)} KB, mean ${(d.meanBytes / 1024).toFixed(1)} KB, p90 ${(d.p90Bytes / 1024).toFixed(1)} KB, max ${(d.maxBytes / 1024).toFixed(1)} KB\n`);
  const results: Results = {};
  for (const part of parts) Object.assign(results, runPartInChild(part));
  printSummary(results);
}

await main();
