// A work thread: runs the calls it is sent with the in-thread implementation, asking the main thread
// for every DNS answer.
import { parentPort } from "node:worker_threads";
import { inThreadWork } from "./message-work.ts";
import type { DnsAnswer, FromWorker, ToWorker, WorkCall } from "./work-protocol.ts";

const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);
const pendingDns = new Map<number, (a: DnsAnswer) => void>();
let nextDnsId = 0;

const work = inThreadWork((name, rrtype) => new Promise((resolve, reject) => {
  const id = nextDnsId++;
  pendingDns.set(id, (a) => (a.ok ? resolve(a.value) : reject(Object.assign(new Error(a.message), { code: a.code }))));
  send({ kind: "dns", id, name, rrtype });
}));

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

async function run(call: WorkCall): Promise<unknown> {
  switch (call.op) {
    case "checkSender": return work.checkSender(asBuffer(call.raw), call.facts);
    case "decode": return work.decode(asBuffer(call.raw));
    case "redact": return work.redact(call.parts);
  }
}

port.on("message", (m: ToWorker) => {
  if (m.kind === "dns") {
    pendingDns.get(m.id)?.(m);
    pendingDns.delete(m.id);
    return;
  }
  run(m).then(
    (value) => send({ kind: "reply", id: m.id, ok: true, value }),
    (err: unknown) => send({ kind: "reply", id: m.id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }),
  );
});
