// `paydesk start` (the services of PAYDESK_SERVICES, until SIGINT/SIGTERM) and `paydesk config check`.
import { startPayDesk } from "../main.ts";
import type { CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { UsageError } from "./usage.ts";

/** Returns -1: the process keeps running and exits on a signal. */
export async function runStartCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError("it takes no arguments (choose services with PAYDESK_SERVICES)");
  const started = await startPayDesk(io.loadConfig(), { print: io.out });
  const shutdown = async () => {
    await started.stop();
    process.exit(EXIT.ok);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  return -1;
}

export async function runConfigCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length !== 1 || args[0] !== "check") throw new UsageError("the only subcommand is 'check'");
  const config = io.loadConfig();
  const hidden = {
    ...config, signingSecret: config.signingSecret && "***", vaultKey: config.vaultKey && "***", webhookSecret: config.webhookSecret && "***",
    imap: config.imap.map((a) => ({ ...a, password: "***" })),
  };
  io.out(JSON.stringify(hidden, null, 2));
  return EXIT.ok;
}
