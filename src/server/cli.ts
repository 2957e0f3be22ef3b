// The `paydesk` command: start, ingest from a pipe, mail status, dead letters, outbox, admin accounts.
import { parseArgs } from "node:util";
import { loadConfig } from "./config.ts";
import { acceptInbound } from "./ingest/accept.ts";
import { replayInbound } from "./ingest/replay.ts";
import { createAgent, type AgentRole } from "./modules/agents/agent.commands.ts";
import { mailStatus, type MailStatus } from "./modules/alerts/mail-status.query.ts";
import { listIntake } from "./modules/inbound/inbound.repo.ts";
import { listOutboundMail } from "./outbound/outbound-mail.repo.ts";
import { requeueOutboundMail } from "./outbound/queue.ts";
import { startPayDesk } from "./main.ts";
import { openRuntime } from "./runtime.ts";
import { runVerifyExportCli, verifyExportUsage } from "./modules/evidence/verify-export.cli.ts";

const usage = `Usage: paydesk <command>
  start                              start the services in PAYDESK_SERVICES (default: all)
  ingest [--mailbox ADDR] < FILE     accept one raw message from standard input (MTA pipe transport)
  status                             how mail intake and delivery stand; exit 1 when something needs a human
  dead-letters [list]                list messages that could not be processed
  dead-letters replay ID             process a dead letter again
  intake [--status S]                list recent intake records and their outcome
  outbox [list]                      list outbound mail and its state
  outbox deliver                     send kept (outboxed) mail through the configured relay
  admin create --email E [--name N] [--role admin|supervisor|agent|auditor]
  config check                       validate the configuration and print it (secrets hidden)
  ${verifyExportUsage}`;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function printTable(rows: Record<string, unknown>[]) {
  if (rows.length === 0) return console.log("(none)");
  for (const r of rows) console.log(Object.entries(r).map(([k, v]) => `${k}=${v ?? ""}`).join("  "));
}

function printStatus(s: MailStatus) {
  console.log(s.problems.length ? `NEEDS ATTENTION\n${s.problems.map((p) => `  - ${p}`).join("\n")}` : "OK: nothing needs attention");
  console.log(`\nSMTP receiver: port ${s.smtp.port}${s.smtp.starttls ? ", STARTTLS" : ""}${s.smtp.enabledHere ? "" : " (not run by this process's services)"}`);
  console.log("IMAP accounts:");
  printTable(s.imap.map((a) => ({ name: a.name, state: a.state, updated: a.updatedAt, mailbox: `${a.user}@${a.host}/${a.folder}`, error: a.lastError })));
  const day = Object.entries(s.intake.last24h).map(([k, v]) => `${k} ${v}`).join(", ") || "none";
  console.log(`Intake: ${s.intake.pending} pending${s.intake.oldestPendingAt ? ` (oldest ${s.intake.oldestPendingAt})` : ""}, ${s.intake.held} held, ${s.intake.dead} dead; last 24 h: ${day}`);
  console.log(`Outbound (${s.outbound.mode}): ${s.outbound.queued} queued (${s.outbound.retrying} retrying), ${s.outbound.failed} failed, ${s.outbound.bounced} bounced, ${s.outbound.outboxed} in the outbox`);
  console.log("Alerts (open, and resolved this week):");
  printTable(s.alerts.map((a) => ({ key: a.key, times: a.count, last: a.lastAt, resolved: a.resolvedAt, message: a.message })));
}

export async function runCli(argv: string[]): Promise<number> {
  const [command = "start", sub, ...rest] = argv;
  // Needs no database or configuration: customers run it on their own machines.
  if (command === "verify-export") return runVerifyExportCli(argv.slice(1));
  const config = loadConfig();

  if (command === "start") {
    const started = await startPayDesk(config);
    const shutdown = async () => {
      await started.stop();
      process.exit(0);
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
    return -1;
  }
  if (command === "config" && sub === "check") {
    const hidden = { ...config, signingSecret: config.signingSecret && "***", vaultKey: config.vaultKey && "***", webhookSecret: config.webhookSecret && "***",
      imap: config.imap.map((a) => ({ ...a, password: "***" })) };
    console.log(JSON.stringify(hidden, null, 2));
    return 0;
  }

  const runtime = await openRuntime(config, { log: undefined });
  const { ctx } = runtime;
  try {
    switch (command) {
      case "status": {
        const status = await mailStatus(ctx);
        printStatus(status);
        return status.problems.length ? 1 : 0;
      }
      case "ingest": {
        const { values } = parseArgs({ args: [sub, ...rest].filter((a): a is string => a !== undefined), options: { mailbox: { type: "string" } } });
        const raw = await readStdin();
        const accepted = await acceptInbound(ctx, { channel: "cli", raw, envelope: { mailFrom: null, rcptTo: [] }, mailboxAddress: values.mailbox ?? config.mailboxes[0]!.address });
        // Process now when this machine runs the worker; otherwise the worker picks the job up.
        if (config.services.includes("worker")) await runtime.runner.drain();
        const row = (await listIntake(ctx, { limit: 500 })).find((r) => r.id === accepted.inboundId);
        console.log(`accepted ${accepted.inboundId}: ${row?.status ?? "pending"}${row?.reason ? ` (${row.reason})` : ""}${row?.ticket_id ? ` ticket ${row.ticket_id}` : ""}`);
        return 0;
      }
      case "dead-letters":
        if (sub === "replay" && rest[0]) {
          await replayInbound(ctx, rest[0]);
          await runtime.runner.drain();
          console.log(`replayed ${rest[0]}`);
          return 0;
        }
        printTable(await listIntake(ctx, { status: "dead" }));
        return 0;
      case "intake": {
        const { values } = parseArgs({ args: [sub, ...rest].filter((a): a is string => a !== undefined), options: { status: { type: "string" } } });
        printTable(await listIntake(ctx, { status: values.status as never }));
        return 0;
      }
      case "outbox":
        if (sub === "deliver") {
          if (!config.relay) {
            console.error("No relay is configured: set PAYDESK_RELAY_URL (smtp://host:port) first.");
            return 1;
          }
          const kept = await listOutboundMail(ctx, { status: "outboxed", limit: 500 });
          for (const m of kept) await requeueOutboundMail(ctx, m.id);
          await runtime.runner.drain();
          console.log(`delivered ${kept.length} kept message(s); see 'paydesk outbox' for their state`);
          return 0;
        }
        printTable((await listOutboundMail(ctx)).map((m) => ({ id: m.id, status: m.status, kind: m.kind, to: m.to_address, subject: m.subject, attempts: m.attempts, error: m.last_error })));
        return 0;
      case "admin": {
        if (sub !== "create") break;
        const { values } = parseArgs({ args: rest, options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" } } });
        if (!values.email) throw new Error("--email is required");
        const agent = await createAgent(ctx, { email: values.email, name: values.name ?? values.email, role: (values.role ?? "admin") as AgentRole });
        console.log(`created ${agent.email} with one-time password ${agent.password}`);
        return 0;
      }
    }
    console.error(usage);
    return 2;
  } finally {
    await runtime.close();
  }
}
