// What `paydesk help` prints, and the error a command throws when it was called wrongly (exit 64).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { verifyExportUsage } from "../modules/evidence/verify-export.cli.ts";

export const usage = `Usage: paydesk <command>
  start                              start the services in PAYDESK_SERVICES (default: all)
  ingest [--mailbox ADDR] < FILE     accept one raw message from standard input (MTA pipe transport)
  status                             how mail intake and delivery stand; exit 1 when something needs a human
  dead-letters [list]                list messages that could not be processed
  dead-letters replay ID             process a dead letter again
  intake [--status S]                list recent intake records and their outcome
  outbox [list]                      list outbound mail and its state
  outbox deliver                     send kept mail and mail waiting for a retry through the relay, oldest first
  outbox retry ID... | --failed      queue mail that failed for good (or bounced) again
  admin create --email E [--name N] [--role admin|supervisor|agent|auditor]
  admin reset-password --email E     a new one-time password for the account (ends its sessions)
  config check                       validate the configuration and print it (secrets hidden)
  ${verifyExportUsage}
  help                               print this text
Exit statuses (sysexits.h): docs/mail.md, "The paydesk command".`;

export class UsageError extends Error {}

/** The usage lines of one command, for its error message. */
export function usageOf(command: string): string {
  const lines = usage.split("\n").filter((line) => line.startsWith(`  ${command} `) || line === `  ${command}`);
  return `Usage:\n${lines.map((line) => `  paydesk ${line.trim().replace(/ {3,}.*$/, "")}`).join("\n")}\n(all commands: paydesk help)`;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs for a command's options, no positionals; a mistake is a UsageError. */
export function parseOptions<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
