// `paydesk ingest`: what an MTA's pipe transport runs for each message. The exit status is the answer
// the MTA acts on (exit-codes.ts): 0 only once the message is durably accepted (acceptInbound resolved);
// 65 and 67 when no retry can help; 75 for anything else, so the MTA keeps the message and tries again.
import type { Config } from "../config.ts";
import type { Ctx } from "../context.ts";
import { isAppError } from "../errors.ts";
import { acceptInbound, type Accepted } from "../ingest/accept.ts";
import { whyNotAMailMessage } from "../ingest/message-shape.ts";
import { processHere } from "../ingest/process-here.ts";
import { findIntake } from "../modules/inbound/inbound.repo.ts";
import { formatTicketNumber } from "../modules/tickets/ticket.ts";
import { findTicketById } from "../modules/tickets/ticket.repo.ts";
import type { Runtime } from "../runtime.ts";
import { openCliRuntime, type CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions } from "./usage.ts";

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function runIngestCommand(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args, { mailbox: { type: "string" } });
  const fail = (code: number, text: string) => {
    io.err(`paydesk ingest: ${text}`);
    return code;
  };

  let raw: Buffer;
  try {
    raw = await io.readStdin();
  } catch (err) {
    return fail(EXIT.tempFail, `cannot read the message from standard input: ${message(err)}`);
  }
  const notMail = whyNotAMailMessage(raw);
  if (notMail) return fail(EXIT.dataErr, `not a mail message: ${notMail}`);

  let config: Config;
  let runtime: Runtime;
  try {
    // A broken configuration is ours to fix, not the sender's: the MTA keeps the message meanwhile.
    config = io.loadConfig();
    runtime = await openCliRuntime(io, config);
  } catch (err) {
    return fail(EXIT.tempFail, `cannot open PayDesk's storage, try again later: ${message(err)}`);
  }
  const mailboxAddress = options.mailbox ?? config.mailboxes[0]!.address;
  try {
    let accepted: Accepted;
    try {
      accepted = await acceptInbound(runtime.ctx, { channel: "cli", raw, envelope: { mailFrom: null, rcptTo: [] }, mailboxAddress });
    } catch (err) {
      if (isAppError(err) && err.code === "unknown_recipient") return fail(EXIT.noUser, `no support mailbox ${mailboxAddress} here`);
      if (isAppError(err) && err.code === "invalid_input") return fail(EXIT.dataErr, `not a mail message: ${err.message}`);
      return fail(EXIT.tempFail, `not accepted, try again later: ${message(err)}`);
    }
    // Accepted: from here on nothing may change the answer, or the MTA would hand the message over twice.
    io.out(await processNow(io, runtime, config, accepted.inboundId));
    return EXIT.ok;
  } finally {
    await runtime.close().catch((err) => io.err(`paydesk ingest: closing storage: ${message(err)}`));
  }
}

/** Processes the message (only it) at once when this machine runs the worker (else a worker will); says how it went. */
async function processNow(io: CliIo, runtime: Runtime, config: Config, inboundId: string): Promise<string> {
  if (!config.services.includes("worker")) return `accepted ${inboundId}: pending (a worker will process it)`;
  try {
    await processHere(runtime.ctx, runtime.runner, inboundId);
    // Processing commits without waiting for the disk: the ticket is on disk before it is named.
    await runtime.ctx.services.syncCommits();
    return `accepted ${inboundId}: ${await outcomeOf(runtime.ctx, inboundId)}`;
  } catch (err) {
    io.err(`paydesk ingest: accepted, but processing it here failed (a worker will try again): ${message(err)}`);
    return `accepted ${inboundId}: pending`;
  }
}

async function outcomeOf(ctx: Ctx, inboundId: string): Promise<string> {
  const row = await findIntake(ctx, inboundId);
  if (!row) return "pending";
  const ticket = row.ticket_id ? await findTicketById(ctx, row.ticket_id) : undefined;
  return [row.status, row.reason && `(${row.reason})`, ticket && `ticket ${formatTicketNumber(ctx.services.config.ticketPrefix, ticket.number)}`]
    .filter(Boolean).join(" ");
}
