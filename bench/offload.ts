// `--what-if offload=N`: prices "do the message work on the second core". The sender-auth, decode and
// redact filters (the real ones) run on a pool of N worker threads; the main thread keeps the I/O,
// SQLite and the other filters. Only pays off with several jobs in flight (drainers=M). Diagnostic only.
import { Worker } from "node:worker_threads";
import { pipelineFilters } from "../src/server/ingest/pipeline.ts";
import type { DecodedContent, InboundMessage } from "../src/server/ingest/inbound-message.ts";
import type { OffloadInput, OffloadReply, OffloadRequest } from "./offload.worker.ts";

const toBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export function offloadFilters(threads: number, input: OffloadInput): () => Promise<void> {
  // Node 20 workers do not inherit `--import tsx`: register it inside the worker, then load the module.
  const boot = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL("./offload.worker.ts", import.meta.url).href)}); });`;
  const pool = Array.from({ length: threads }, () => ({ worker: new Worker(boot, { eval: true, workerData: input }), busy: 0 }));
  const waiting = new Map<number, { resolve(r: OffloadReply): void }>();
  for (const p of pool) {
    p.worker.on("message", (r: OffloadReply) => {
      p.busy -= 1;
      waiting.get(r.id)?.resolve(r);
      waiting.delete(r.id);
    });
    p.worker.on("error", (err) => {
      for (const w of waiting.values()) w.resolve({ id: -1, ok: false, error: `offload worker failed: ${err.message}` });
      waiting.clear();
    });
  }
  let nextId = 0;
  const run = (msg: InboundMessage) => {
    const p = pool.reduce((a, b) => (b.busy < a.busy ? b : a));
    p.busy += 1;
    const id = nextId++;
    const { headers: _headers, ...plain } = msg;
    return new Promise<OffloadReply>((resolve) => {
      waiting.set(id, { resolve });
      p.worker.postMessage({ id, msg: plain } satisfies OffloadRequest);
    });
  };

  const at = (name: string) => {
    const i = pipelineFilters.findIndex((f) => f.name === name);
    if (i < 0) throw new Error(`no filter named ${name}`);
    return i;
  };
  pipelineFilters[at("sender-auth")] = {
    name: "sender-auth",
    async run(_ctx, msg) {
      const r = await run(msg);
      if (!r.ok) throw new Error(r.error);
      const content = r.msg.content as DecodedContent | null;
      if (content) content.attachments = content.attachments.map((a) => ({ ...a, content: a.content ? toBuffer(a.content) : null }));
      return { kind: "continue", msg: { ...msg, auth: r.msg.auth, content, redactions: r.msg.redactions } };
    },
  };
  // Done on the worker already.
  pipelineFilters[at("decode")] = { name: "decode", run: async (_ctx, msg) => ({ kind: "continue", msg }) };
  pipelineFilters[at("redact")] = { name: "redact", run: async (_ctx, msg) => ({ kind: "continue", msg }) };
  return async () => {
    await Promise.all(pool.map((p) => p.worker.terminate()));
  };
}
