// `paydesk outbox [list]`, `paydesk outbox deliver` and `paydesk outbox retry`: the outbound mail, sending
// what is still undelivered once a relay is configured, and queueing mail that failed for good again. Delivery reports each message's outcome and exits 0 only
// when all went out (75 when some wait for a retry, 1 when some were refused for good).
import type { Ctx } from "../context.ts";
import { formatTicketNumber } from "../modules/tickets/ticket.ts";
import { deliverNow, type DeliverNowOutcome } from "../outbound/deliver-now.ts";
import { eachUndeliveredMail, listOutboundMail } from "../outbound/outbound-mail.repo.ts";
import { presentOutboundMail } from "../outbound/outbound-mail.present.ts";
import { failedOutboundIds, requeueOutboundMail } from "../outbound/requeue.ts";
import { printTable, withRuntime, type CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { UsageError } from "./usage.ts";

export async function runOutboxCommand(args: string[], io: CliIo): Promise<number> {
  const [sub = "list", ...rest] = args;
  if (sub === "retry") {
    if (rest.length === 0 || (rest.includes("--failed") && rest.length > 1) || rest.some((a) => a.startsWith("-") && a !== "--failed")) {
      throw new UsageError(`unexpected '${args.join(" ")}'`);
    }
    return withRuntime(io, io.loadConfig(), (ctx) => retryFailed(ctx, io, rest[0] === "--failed" ? "all failed" : rest));
  }
  if (rest.length > 0 || (sub !== "list" && sub !== "deliver")) throw new UsageError(`unexpected '${args.join(" ")}'`);
  const config = io.loadConfig();
  if (sub === "list") {
    return withRuntime(io, config, async (ctx) => {
      // As the API shows it (outbound-mail.present.ts): the ticket's number, and no path on the server.
      const mail = await presentOutboundMail(ctx, await listOutboundMail(ctx));
      printTable(io, mail.map((m) => ({ id: m.id, status: m.status, kind: m.kind, ticket: m.ticketNumber, to: m.to, subject: m.subject, attempts: m.attempts, error: m.lastError })));
      return EXIT.ok;
    });
  }
  if (!config.relay) {
    io.err("No relay is configured: set PAYDESK_RELAY_URL (smtp://host:port) first.");
    return EXIT.config;
  }
  return withRuntime(io, config, (ctx) => deliverUndelivered(ctx, io));
}

/** Queues failed (or bounced) mail again; exit 1 when any named message could not be. */
async function retryFailed(ctx: Ctx, io: CliIo, which: string[] | "all failed"): Promise<number> {
  const ids = which === "all failed" ? await failedOutboundIds(ctx) : which;
  if (ids.length === 0) {
    io.out("Nothing to retry: no mail failed for good.");
    return EXIT.ok;
  }
  let refused = 0;
  for (const id of ids) {
    const result = await requeueOutboundMail(ctx, id);
    if (result.queued) io.out(`queued again  ${id}`);
    else {
      refused += 1;
      io.out(`not retried   ${id}: ${result.status === "missing" ? "no such message" : `it is ${result.status}, not failed or bounced`}`);
    }
  }
  if (refused < ids.length) io.out("A worker with a relay sends it on its schedule; 'paydesk outbox deliver' sends it at once.");
  return refused > 0 ? EXIT.failure : EXIT.ok;
}

/** `elsewhere`: being sent by a worker (or another `outbox deliver`) right now; it is that one's to report. */
type Tally = Record<"delivered" | "waiting" | "failed" | "elsewhere", number>;

/** One attempt for every kept or retrying message, oldest first (a reply after what it follows). */
async function deliverUndelivered(ctx: Ctx, io: CliIo): Promise<number> {
  const tally: Tally = { delivered: 0, waiting: 0, failed: 0, elsewhere: 0 };
  for await (const mail of eachUndeliveredMail(ctx)) {
    const outcome = await deliverNow(ctx, mail.id);
    const ticket = mail.ticket_number === null ? "" : ` ${formatTicketNumber(ctx.services.config.ticketPrefix, mail.ticket_number)}`;
    io.out(`${describe(outcome)}  ${mail.kind}${ticket} to ${mail.to_address} (${mail.id})${detail(outcome)}`);
    count(tally, outcome);
  }
  return summarise(io, tally);
}

function describe(outcome: DeliverNowOutcome): string {
  switch (outcome.result) {
    case "sent": return "delivered";
    case "retry": return "will retry";
    case "failed": return "FAILED";
    case "busy": return "being sent elsewhere";
    case "kept": return "kept";
    case "skipped": return `skipped (${outcome.status})`;
  }
}

function detail(outcome: DeliverNowOutcome): string {
  switch (outcome.result) {
    case "sent": return `: ${outcome.response}`;
    case "retry": return ` after ${outcome.at.toISOString()}: ${outcome.error}`;
    case "failed": return `: ${outcome.gaveUp ? "gave up after 5 days: " : ""}${outcome.error}`;
    default: return "";
  }
}

function count(tally: Tally, outcome: DeliverNowOutcome): void {
  if (outcome.result === "sent") tally.delivered += 1;
  else if (outcome.result === "failed") tally.failed += 1;
  else if (outcome.result === "busy") tally.elsewhere += 1;
  else if (outcome.result !== "skipped") tally.waiting += 1;
}

function summarise(io: CliIo, t: Tally): number {
  const total = t.delivered + t.waiting + t.failed + t.elsewhere;
  if (total === 0) {
    io.out("Nothing to deliver: no mail is kept in the outbox or waiting for a retry.");
    return EXIT.ok;
  }
  const elsewhere = t.elsewhere > 0 ? `, ${t.elsewhere} being sent by a worker or another 'outbox deliver'` : "";
  io.out(`${total} message(s): ${t.delivered} delivered, ${t.waiting} waiting for a retry, ${t.failed} failed permanently${elsewhere}.`);
  if (t.waiting > 0) {
    io.out("Waiting mail stays queued: the worker retries it on its schedule if PAYDESK_RELAY_URL is set for the server too;"
      + " a server without a relay puts it back in the outbox. Either way, running 'paydesk outbox deliver' again tries it at once.");
  }
  if (t.failed > 0) io.out("Failed mail is not retried; 'paydesk outbox' shows why, and 'paydesk outbox retry ID' (or --failed) queues it again.");
  return t.failed > 0 ? EXIT.failure : t.waiting > 0 ? EXIT.tempFail : EXIT.ok;
}
