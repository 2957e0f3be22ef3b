// A stand-in work thread for work-pool.test.ts: answers like the real one, asks DNS like the real one,
// and misbehaves on cue ("exit" ends the thread, "hang" never answers).
import { parentPort } from "node:worker_threads";
import type { DnsAnswer, FromWorker, ToWorker } from "./work-protocol.ts";

const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);
const dnsWaiting = new Map<number, (a: DnsAnswer) => void>();

port.on("message", (m: ToWorker) => {
  if (m.kind === "dns") return dnsWaiting.get(m.id)?.(m);
  if (m.op === "redact") return send({ kind: "reply", id: m.id, ok: true, value: { parts: m.parts, redactions: [] } });
  const text = Buffer.from(m.raw).toString();
  if (text === "exit") process.exit(3);
  if (text === "hang") return;
  if (text === "throw") return send({ kind: "reply", id: m.id, ok: false, error: "Error: cannot decode this" });
  if (m.op === "checkSender") {
    dnsWaiting.set(m.id, (a) => send({ kind: "reply", id: m.id, ok: true, value: { verdict: "unverified", summary: { dns: a.ok ? a.value : a.code } } }));
    return send({ kind: "dns", id: m.id, name: text, rrtype: "TXT" });
  }
  send({ kind: "reply", id: m.id, ok: true, value: { subject: text, attachments: [{ content: new Uint8Array([1, 2, 3]) }] } });
});
