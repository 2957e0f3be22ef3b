// `paydesk status`: how mail intake and delivery stand; exit 1 when something needs a human (monitoring).
import { mailStatus, type MailStatus } from "../modules/alerts/mail-status.query.ts";
import { printTable, withRuntime, type CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { UsageError } from "./usage.ts";

export async function runStatusCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError("it takes no arguments");
  return withRuntime(io, io.loadConfig(), async (ctx) => {
    const status = await mailStatus(ctx);
    printStatus(io, status);
    return status.problems.length ? EXIT.failure : EXIT.ok;
  });
}

function printStatus(io: CliIo, s: MailStatus) {
  io.out(s.problems.length ? `NEEDS ATTENTION\n${s.problems.map((p) => `  - ${p}`).join("\n")}` : "OK: nothing needs attention");
  io.out(`\nSMTP receiver: port ${s.smtp.port}${s.smtp.starttls ? ", STARTTLS" : ""}${s.smtp.enabledHere ? "" : " (not run by this process's services)"}`);
  io.out("IMAP accounts:");
  printTable(io, s.imap.map((a) => ({ name: a.name, state: a.state, updated: a.updatedAt, mailbox: `${a.user}@${a.host}/${a.folder}`, error: a.lastError })));
  const day = Object.entries(s.intake.last24h).map(([k, v]) => `${k} ${v}`).join(", ") || "none";
  io.out(`Intake: ${s.intake.pending} pending${s.intake.oldestPendingAt ? ` (oldest ${s.intake.oldestPendingAt})` : ""}, ${s.intake.held} held, ${s.intake.dead} dead; last 24 h: ${day}`);
  io.out(`Outbound (${s.outbound.mode}): ${s.outbound.queued} queued (${s.outbound.retrying} retrying), ${s.outbound.failed} failed, ${s.outbound.bounced} bounced, ${s.outbound.outboxed} in the outbox`);
  io.out("Alerts (open, and resolved this week):");
  printTable(io, s.alerts.map((a) => ({ key: a.key, times: a.count, last: a.lastAt, resolved: a.resolvedAt, message: a.message })));
}
