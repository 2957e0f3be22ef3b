// A PayDesk SMTP receiver in its own process, for tests that kill it. No worker: intake jobs stay queued.
// Input: PAYDESK_CHILD_CONFIG (config as JSON) and optionally PAYDESK_CHILD_PG_SCHEMA.
// Output: one line "PORT <n>" on stdout once the receiver listens.
import pino from "pino";
import { parseConfig } from "../../config.ts";
import { openRuntime } from "../../runtime.ts";
import { createSmtpReceiver } from "./smtp-receiver.ts";

const config = parseConfig(JSON.parse(process.env.PAYDESK_CHILD_CONFIG ?? "{}"));
const runtime = await openRuntime(config, {
  log: pino({ level: "silent" }),
  pgSchema: process.env.PAYDESK_CHILD_PG_SCHEMA || undefined,
  dnsResolver: async (name) => {
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
  },
});
const receiver = createSmtpReceiver(runtime.ctx);
const port = await receiver.listen();
process.stdout.write(`PORT ${port}\n`);

process.once("SIGTERM", () => {
  void receiver.close().then(() => runtime.close()).then(() => process.exit(0));
});
