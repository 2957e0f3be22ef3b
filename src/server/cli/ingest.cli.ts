// `paydesk ingest`: what an MTA's pipe transport runs for each message.
import { acceptInbound } from "../ingest/accept.ts";
import { listIntake } from "../modules/inbound/inbound.repo.ts";
import { withRuntime, type CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions } from "./usage.ts";

export async function runIngestCommand(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args, { mailbox: { type: "string" } });
  const raw = await io.readStdin();
  const config = io.loadConfig();
  return withRuntime(io, config, async (ctx, runtime) => {
    const accepted = await acceptInbound(ctx, { channel: "cli", raw, envelope: { mailFrom: null, rcptTo: [] }, mailboxAddress: options.mailbox ?? config.mailboxes[0]!.address });
    // Process now when this machine runs the worker; otherwise the worker picks the job up.
    if (config.services.includes("worker")) await runtime.runner.drain();
    const row = (await listIntake(ctx, { limit: 500 })).find((r) => r.id === accepted.inboundId);
    io.out(`accepted ${accepted.inboundId}: ${row?.status ?? "pending"}${row?.reason ? ` (${row.reason})` : ""}${row?.ticket_id ? ` ticket ${row.ticket_id}` : ""}`);
    return EXIT.ok;
  });
}
