// `paydesk intake` and `paydesk dead-letters`: what came in and how it ended; replaying a dead letter.
import { processHere } from "../ingest/process-here.ts";
import { replayInbound } from "../ingest/replay.ts";
import { listIntake, type IntakeStatus } from "../modules/inbound/inbound.repo.ts";
import { presentIntake } from "../modules/inbound/intake.present.ts";
import { printTable, withRuntime, type CliIo } from "./cli-io.ts";
import { intakeOutcome } from "./intake-outcome.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions, UsageError } from "./usage.ts";

const statuses: IntakeStatus[] = ["pending", "processed", "dropped", "diverted", "dead"];

export async function runIntakeCommand(args: string[], io: CliIo): Promise<number> {
  const { status } = parseOptions(args, { status: { type: "string" } });
  if (status !== undefined && !statuses.includes(status as IntakeStatus)) throw new UsageError(`--status must be one of ${statuses.join(", ")}`);
  return withRuntime(io, io.loadConfig(), async (ctx) => {
    printTable(io, await presentIntake(ctx, await listIntake(ctx, { status: status as IntakeStatus | undefined })));
    return EXIT.ok;
  });
}

export async function runDeadLettersCommand(args: string[], io: CliIo): Promise<number> {
  const [sub = "list", ...rest] = args;
  if (sub === "replay") {
    if (rest.length !== 1) throw new UsageError("replay needs the ID of one dead letter ('paydesk dead-letters' lists them)");
    const id = rest[0]!;
    return withRuntime(io, io.loadConfig(), async (ctx, runtime) => {
      await replayInbound(ctx, id);
      await processHere(ctx, runtime.runner, id);
      // Processing commits without waiting for the disk: the outcome is on disk before it is named.
      await ctx.services.syncCommits();
      // What the replay came to, not only that it ran: a dropped message may well be dropped again.
      const outcome = await intakeOutcome(ctx, id);
      io.out(`replayed ${id}: ${outcome.text}`);
      return outcome.status === "dead" ? EXIT.failure : EXIT.ok;
    });
  }
  if (sub !== "list" || rest.length > 0) throw new UsageError(`unexpected '${args.join(" ")}'`);
  return withRuntime(io, io.loadConfig(), async (ctx) => {
    printTable(io, await presentIntake(ctx, await listIntake(ctx, { status: "dead" })));
    return EXIT.ok;
  });
}
