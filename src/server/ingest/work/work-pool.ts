// Runs the message work on worker threads, so parsing, DKIM hashing and redaction use the other cores
// while the main thread keeps the I/O and SQL. Threads start on first use, are kept referenced only
// while they have work (an idle pool never holds the process open), and are replaced when one dies:
// its calls fail with the reason, and the job that made them retries or becomes a dead letter.
import { Worker } from "node:worker_threads";
import type { DecodedContent } from "../inbound-message.ts";
import type { DnsResolver } from "../sender-auth/check-sender.ts";
import type { MessageWork } from "./message-work.ts";
import type { DnsQuery, FromWorker, ToWorker, WorkCall } from "./work-protocol.ts";

export type WorkPoolOptions = {
  /** A call that takes longer is hung (hostile input): its thread is stopped and replaced. */
  callTimeoutMs?: number;
  /** The thread's module (tests give a stand-in that misbehaves on purpose). */
  workerModule?: URL;
};

/** Heap of one work thread: room for a 25 MB message decoded several times over. */
const HEAP_LIMIT_MB = 1024;

type Pending = { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout };
type Thread = { worker: Worker; pending: Map<number, Pending>; stopped: boolean };
type CallBody = WorkCall extends infer C ? (C extends WorkCall ? Omit<C, "kind" | "id"> : never) : never;

// Workers do not inherit the main thread's TypeScript loader: register it, then load the worker module.
const bootCode = (module: URL) => `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export function workPool(threads: number, resolver: DnsResolver, options: WorkPoolOptions = {}): MessageWork {
  const callTimeoutMs = options.callTimeoutMs ?? 120_000;
  const boot = bootCode(options.workerModule ?? new URL("./work.worker.ts", import.meta.url));
  let pool: Thread[] = [];
  let nextId = 0;
  let closed = false;

  const answerDns = (t: Thread, q: DnsQuery) => {
    resolver(q.name, q.rrtype).then(
      (value) => post(t, { kind: "dns", id: q.id, ok: true, value }),
      (err: NodeJS.ErrnoException) => post(t, { kind: "dns", id: q.id, ok: false, message: err?.message ?? String(err), code: err?.code }),
    );
  };
  const post = (t: Thread, m: ToWorker) => {
    if (!t.stopped) t.worker.postMessage(m);
  };
  const stop = (t: Thread, reason: string) => {
    if (t.stopped) return;
    t.stopped = true;
    pool = pool.filter((p) => p !== t);
    for (const p of t.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`work thread stopped: ${reason}`));
    }
    t.pending.clear();
    void t.worker.terminate();
  };

  const spawn = (): Thread => {
    // A message that makes the parser run away exhausts this thread's heap, not the process's.
    const t: Thread = { worker: new Worker(boot, { eval: true, resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB } }), pending: new Map(), stopped: false };
    t.worker.unref();
    t.worker.on("message", (m: FromWorker) => {
      if (m.kind === "dns") return answerDns(t, m);
      const p = t.pending.get(m.id);
      if (!p) return;
      t.pending.delete(m.id);
      clearTimeout(p.timer);
      if (t.pending.size === 0) t.worker.unref();
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error));
    });
    t.worker.on("error", (err) => stop(t, err.message));
    t.worker.on("exit", (code) => stop(t, `exited with code ${code}`));
    return t;
  };

  const call = <T>(body: CallBody): Promise<T> => {
    if (closed) return Promise.reject(new Error("work pool is closed"));
    if (pool.length < threads) pool.push(spawn());
    const t = pool.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => stop(t, `a call took over ${callTimeoutMs / 1000} s`), callTimeoutMs);
      timer.unref();
      t.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      t.worker.ref();
      // Copied, not transferred: the caller keeps its raw bytes.
      t.worker.postMessage({ kind: "call", id, ...body } as ToWorker);
    });
  };

  return {
    checkSender: (raw, facts) => call({ op: "checkSender", raw, facts }),
    async decode(raw) {
      const content = await call<DecodedContent>({ op: "decode", raw });
      // Buffers arrive as plain Uint8Arrays.
      for (const a of content.attachments) if (a.content) a.content = asBuffer(a.content);
      return content;
    },
    redact: (parts) => call({ op: "redact", parts }),
    async close() {
      closed = true;
      for (const t of [...pool]) stop(t, "closing");
    },
  };
}
