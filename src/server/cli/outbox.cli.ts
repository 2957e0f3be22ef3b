// `paydesk outbox [list]` and `paydesk outbox deliver`: the outbound mail, and sending what was kept
// in the outbox once a relay is configured.
import { listOutboundMail } from "../outbound/outbound-mail.repo.ts";
import { requeueOutboundMail } from "../outbound/queue.ts";
import { printTable, withRuntime, type CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { UsageError } from "./usage.ts";

export async function runOutboxCommand(args: string[], io: CliIo): Promise<number> {
  const [sub = "list", ...rest] = args;
  if (rest.length > 0 || (sub !== "list" && sub !== "deliver")) throw new UsageError(`unexpected '${args.join(" ")}'`);
  const config = io.loadConfig();
  if (sub === "list") {
    return withRuntime(io, config, async (ctx) => {
      printTable(io, (await listOutboundMail(ctx)).map((m) => ({ id: m.id, status: m.status, kind: m.kind, to: m.to_address, subject: m.subject, attempts: m.attempts, error: m.last_error })));
      return EXIT.ok;
    });
  }
  if (!config.relay) {
    io.err("No relay is configured: set PAYDESK_RELAY_URL (smtp://host:port) first.");
    return EXIT.failure;
  }
  return withRuntime(io, config, async (ctx, runtime) => {
    const kept = await listOutboundMail(ctx, { status: "outboxed", limit: 500 });
    for (const m of kept) await requeueOutboundMail(ctx, m.id);
    await runtime.runner.drain();
    io.out(`delivered ${kept.length} kept message(s); see 'paydesk outbox' for their state`);
    return EXIT.ok;
  });
}
