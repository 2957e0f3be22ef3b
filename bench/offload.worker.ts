// For `--what-if offload`: runs the CPU-heavy filters (sender-auth, decode, redact) — the real ones from
// src/ — on a worker thread, for one message at a time, and sends back what they learned.
import { parentPort, workerData } from "node:worker_threads";
import type { Ctx } from "../src/server/context.ts";
import { senderAuthFilter } from "../src/server/ingest/filters/030-sender-auth.ts";
import { decodeFilter } from "../src/server/ingest/filters/040-decode.ts";
import { redactFilter } from "../src/server/ingest/filters/050-redact.ts";
import type { InboundMessage } from "../src/server/ingest/inbound-message.ts";
import { readRawHeaders } from "../src/server/ingest/raw-headers.ts";

export type OffloadInput = { hostname: string; dnsMs: number };
export type OffloadRequest = { id: number; msg: Omit<InboundMessage, "headers"> };
export type OffloadReply = { id: number; ok: true; msg: Pick<InboundMessage, "auth" | "content" | "redactions"> } | { id: number; ok: false; error: string };

const input = workerData as OffloadInput;
const port = parentPort!;
const ctx = {
  services: {
    config: { smtp: { hostname: input.hostname } },
    dnsResolver: async (name: string) => {
      if (input.dnsMs > 0) await new Promise((r) => setTimeout(r, input.dnsMs));
      throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
    },
  },
} as unknown as Ctx;

port.on("message", async ({ id, msg }: OffloadRequest) => {
  try {
    let m: InboundMessage = { ...msg, raw: Buffer.from(msg.raw.buffer, msg.raw.byteOffset, msg.raw.byteLength), headers: readRawHeaders(Buffer.from(msg.raw.buffer, msg.raw.byteOffset, msg.raw.byteLength)) };
    for (const filter of [senderAuthFilter, decodeFilter, redactFilter]) {
      const d = await filter.run(ctx, m);
      if (d.kind !== "continue") throw new Error(`${filter.name} did not continue`);
      m = d.msg;
    }
    port.postMessage({ id, ok: true, msg: { auth: m.auth, content: m.content, redactions: m.redactions } } satisfies OffloadReply);
  } catch (err) {
    port.postMessage({ id, ok: false, error: (err as Error).message } satisfies OffloadReply);
  }
});
