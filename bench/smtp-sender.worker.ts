// The sending side of benchmark (c), on its own thread so the SMTP client's work does not run on the
// receiver's event loop (in production the sender is another machine). Builds the same message set from
// the seed, sends over a pool of `connections` SMTP connections, and reports when every 250 is in.
import { parentPort, workerData } from "node:worker_threads";
import nodemailer from "nodemailer";
import { buildMessageSet, nthMessage } from "./message-set.ts";

export type SenderInput = { port: number; seed: number; count: number; connections: number; warmup: number; cycleBase: number };
export type SenderReport = { kind: "warm" } | { kind: "done"; ms: number; bytes: number; refused: string[] };
export type SenderCommand = { kind: "go" };

const input = workerData as SenderInput;
const port = parentPort!;
const set = await buildMessageSet({ seed: input.seed });
const transport = nodemailer.createTransport({
  host: "127.0.0.1", port: input.port, secure: false, ignoreTLS: true,
  pool: true, maxConnections: input.connections, maxMessages: Infinity,
});

async function sendRange(count: number, cycleBase: number) {
  let next = 0;
  let bytes = 0;
  const refused: string[] = [];
  const sender = async () => {
    for (let i = next++; i < count; i = next++) {
      const m = nthMessage(set, i, cycleBase);
      try {
        await transport.sendMail({ envelope: { from: m.from, to: [m.to] }, raw: m.raw });
        bytes += m.raw.length;
      } catch (err) {
        refused.push((err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: input.connections }, sender));
  return { bytes, refused };
}

await sendRange(input.warmup, input.cycleBase + 7_000_000);
port.postMessage({ kind: "warm" } satisfies SenderReport);
port.once("message", async (cmd: SenderCommand) => {
  if (cmd.kind !== "go") return;
  const t0 = performance.now();
  const { bytes, refused } = await sendRange(input.count, input.cycleBase);
  const ms = performance.now() - t0;
  transport.close();
  port.postMessage({ kind: "done", ms, bytes, refused } satisfies SenderReport);
});
