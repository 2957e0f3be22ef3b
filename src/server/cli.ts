// The `paydesk` command: finds the command and runs it; each command group lives in cli/.
// Exit statuses follow sysexits.h (cli/exit-codes.ts; the table is in docs/mail.md).
import { ConfigError } from "./config.ts";
import { isAppError } from "./errors.ts";
import { runVerifyExportCli } from "./modules/evidence/verify-export.cli.ts";
import { runAdminCommand } from "./cli/admin.cli.ts";
import { processIo, type CliIo } from "./cli/cli-io.ts";
import { EXIT } from "./cli/exit-codes.ts";
import { runIngestCommand } from "./cli/ingest.cli.ts";
import { runDeadLettersCommand, runIntakeCommand } from "./cli/intake.cli.ts";
import { runOutboxCommand } from "./cli/outbox.cli.ts";
import { runConfigCommand, runStartCommand } from "./cli/server.cli.ts";
import { runStatusCommand } from "./cli/status.cli.ts";
import { usage, usageOf, UsageError } from "./cli/usage.ts";

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands = new Map<string, Command>(Object.entries({
  start: runStartCommand,
  ingest: runIngestCommand,
  status: runStatusCommand,
  "dead-letters": runDeadLettersCommand,
  intake: runIntakeCommand,
  outbox: runOutboxCommand,
  admin: runAdminCommand,
  config: runConfigCommand,
  // Needs no database or configuration: customers run it on their own machines.
  "verify-export": (args: string[], io: CliIo) => runVerifyExportCli(args, io.out),
}));

/** Runs one command; returns its exit status, or -1 when it keeps running (start). */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  // Starting a server is never a default: `npm start` says `paydesk start`.
  if (name === undefined) {
    io.err(usage);
    return EXIT.usage;
  }
  if (name === "help" || [name, ...args].some((a) => a === "--help" || a === "-h")) {
    io.out(usage);
    return EXIT.ok;
  }
  const command = commands.get(name);
  if (!command) {
    io.err(`paydesk: unknown command '${name}'\n${usage}`);
    return EXIT.usage;
  }
  try {
    return await command(args, io);
  } catch (err) {
    if (err instanceof UsageError) io.err(`paydesk ${name}: ${err.message}\n${usageOf(name)}`);
    else if (err instanceof ConfigError) io.err(err.message);
    else if (isAppError(err)) io.err(`paydesk ${name}: ${err.message}`);
    else throw err;
    return err instanceof UsageError ? EXIT.usage : EXIT.failure;
  }
}
