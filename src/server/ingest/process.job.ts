// Runs the pipeline for one accepted message. Failures retry; after the last try the message
// becomes a dead letter with its reason — never silently lost. A virus scanner that gives no verdict is
// not the message's fault: it waits for the scanner without using up its tries.
import type { Ctx } from "../context.ts";
import { defineJob, exponentialBackoff, RetryJobAt } from "../jobs/job.ts";
import { ScannerUnavailableError } from "../security/clamd-scanner.ts";
import { AlreadyProcessedError } from "./commit.ts";
import { serialByKey } from "../jobs/serial-by-key.ts";
import { processInboundSpec, processJobKeyPrefix } from "./accept.ts";
import { markInboundDead, runPipeline } from "./pipeline.ts";
import { expireHeldInbound } from "./held-inbound.ts";
import { earlierPendingOfSender } from "../modules/inbound/inbound.repo.ts";

// Jobs run side by side; one sender's messages keep their order, so a reply finds the ticket its
// original created. (Across several worker processes a reply may overtake its original; the original then
// joins the ticket the reply opened: 060-thread.ts.)
const inSenderOrder = serialByKey();

const SCANNER_RETRY_MS = 60_000;
const WAITING_FOR_SCANNER = "waiting for the virus scanner";

export const processInboundJob = defineJob({
  ...processInboundSpec,
  backoffMs: exponentialBackoff(5_000, 10 * 60_000),
  // The raw bytes and this job are durable; a result lost to a power failure is worked out again.
  redoable: true,
  handle: (ctx, { inboundId, sender }) => inSenderOrder(sender ?? null, () => processInbound(ctx, inboundId)),
});

async function processInbound(ctx: Ctx, inboundId: string): Promise<void> {
  const row = await ctx.db.selectFrom("inbound").select(["attempts", "status", "from_address", "received_at"]).where("id", "=", inboundId).executeTakeFirst();
  if (!row) return;
  // Still held when its time is up (a web-form request nobody confirmed): recorded with the reason, not processed.
  if (row.status === "held") return expireHeldInbound(ctx, inboundId);
  // One sender's mail stays in order even while an earlier message of theirs waits for the scanner.
  if (row.status === "pending" && ctx.services.virusScanner && (await earlierWaitsForScanner(ctx, inboundId))) {
    throw await waitForScanner(ctx, inboundId, "behind an earlier message of the same sender");
  }
  const attempt = row.attempts + 1;
  await ctx.db.updateTable("inbound").set({ attempts: attempt }).where("id", "=", inboundId).execute();
  try {
    const outcome = await runPipeline(ctx, inboundId);
    ctx.log.info({ inboundId, outcome: outcome.kind, reason: "reason" in outcome ? outcome.reason : undefined }, "inbound processed");
  } catch (err) {
    // The other worker's result stands; this run changed nothing (its transaction rolled back).
    if (err instanceof AlreadyProcessedError) {
      ctx.log.warn({ inboundId }, err.message);
      return;
    }
    if (err instanceof ScannerUnavailableError) {
      await ctx.db.updateTable("inbound").set({ attempts: row.attempts }).where("id", "=", inboundId).execute();
      throw await waitForScanner(ctx, inboundId, err.message);
    }
    const reason = `${(err as Error).name}: ${(err as Error).message}`;
    if (attempt >= processInboundSpec.maxAttempts) {
      await markInboundDead(ctx, inboundId, reason);
      ctx.log.error({ inboundId, err: reason }, "inbound message moved to dead letters");
      return;
    }
    throw err;
  }
}

/**
 * The retry that waits for the scanner. The wait is written on the job row now, while this handler still
 * holds the sender's turn: the runner records the retry only after the turn has passed to the sender's
 * next message, which must already see that this one waits (earlierWaitsForScanner).
 */
async function waitForScanner(ctx: Ctx, inboundId: string, why: string): Promise<RetryJobAt> {
  const reason = `${WAITING_FOR_SCANNER}: ${why}`;
  await ctx.db.updateTable("jobs").set({ last_error: reason })
    .where("kind", "=", processInboundSpec.kind).where("status", "=", "running").where("dedupe_key", "like", `${processJobKeyPrefix(inboundId)}%`)
    .execute();
  return new RetryJobAt(new Date(ctx.clock.now().getTime() + SCANNER_RETRY_MS), reason);
}

/** An older pending message from the same sender whose job is waiting for the virus scanner. */
async function earlierWaitsForScanner(ctx: Ctx, inboundId: string): Promise<boolean> {
  const earlier = await earlierPendingOfSender(ctx, inboundId);
  if (earlier.length === 0) return false;
  const waiting = await ctx.db.selectFrom("jobs").select("id")
    // Running too: the runner marks a job that asked to wait as queued only after its handler has let go of
    // the sender's turn (serial-by-key.ts); waitForScanner has written the wait on the row by then.
    .where("kind", "=", processInboundSpec.kind).where("status", "in", ["queued", "running"])
    .where("last_error", "like", `${WAITING_FOR_SCANNER}%`)
    .where((eb) => eb.or(earlier.map((id) => eb("dedupe_key", "like", `${processJobKeyPrefix(id)}%`))))
    .limit(1).executeTakeFirst();
  return waiting !== undefined;
}
