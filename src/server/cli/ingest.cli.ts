// `paydesk ingest`: what an MTA's pipe transport runs for each message. The exit status is the answer
// the MTA acts on (exit-codes.ts): 0 only once the message is durably accepted (acceptInbound resolved);
// 65 when no retry can help (not mail, too large); 75 for anything else — including the operator's own
// mistakes (a wrong option, an unknown mailbox) — so the MTA keeps the message and tries again.
import type { Config } from "../config.ts";
import { isAppError } from "../errors.ts";
import { acceptInbound, type Accepted } from "../ingest/accept.ts";
import { whyNotAMailMessage } from "../ingest/message-shape.ts";
import { processHere } from "../ingest/process-here.ts";
import type { Runtime } from "../runtime.ts";
import { openCliRuntime, type CliIo } from "./cli-io.ts";
import { intakeOutcome } from "./intake-outcome.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions, usageOf, UsageError } from "./usage.ts";

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function runIngestCommand(args: string[], io: CliIo): Promise<number> {
  const fail = (code: number, text: string) => {
    io.err(`paydesk ingest: ${text}`);
    return code;
  };
  let options: { mailbox?: string };
  try {
    options = parseOptions(args, { mailbox: { type: "string" } });
  } catch (err) {
    // A typo in the MTA's pipe command is the operator's to fix: 64 would bounce every message meanwhile.
    if (err instanceof UsageError) return fail(EXIT.tempFail, `${err.message} (the message is deferred until the command is fixed)\n${usageOf("ingest")}`);
    throw err;
  }

  let config: Config;
  try {
    // A broken configuration is ours to fix, not the sender's: the MTA keeps the message meanwhile.
    config = io.loadConfig();
  } catch (err) {
    return fail(EXIT.tempFail, `cannot read PayDesk's configuration, try again later: ${message(err)}`);
  }
  const limit = config.smtp.maxMessageBytes;
  let raw: Buffer;
  try {
    raw = await io.readStdin(limit + 1);
  } catch (err) {
    return fail(EXIT.tempFail, `cannot read the message from standard input: ${message(err)}`);
  }
  // The limit every channel keeps (SMTP answers 552): refused for good, as the MTA then tells the sender.
  if (raw.length > limit) return fail(EXIT.dataErr, `the message is over the size limit of ${limit} bytes (smtp.maxMessageBytes)`);
  const notMail = whyNotAMailMessage(raw);
  if (notMail) return fail(EXIT.dataErr, `not a mail message: ${notMail}`);

  let runtime: Runtime;
  try {
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
      // The mailbox is named in the MTA's pipe command: a typo there, or a mailbox not configured yet, is
      // the operator's to fix, so the MTA keeps the mail (75) rather than bouncing it (67).
      if (isAppError(err) && err.code === "unknown_recipient") return fail(EXIT.tempFail, `no support mailbox ${mailboxAddress} here (the message is deferred until one is configured)`);
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
    return `accepted ${inboundId}: ${(await intakeOutcome(runtime.ctx, inboundId)).text}`;
  } catch (err) {
    io.err(`paydesk ingest: accepted, but processing it here failed (a worker will try again): ${message(err)}`);
    return `accepted ${inboundId}: pending`;
  }
}
