// Runs the pipeline for one accepted message. Failures retry; after the last try the message
// becomes a dead letter with its reason — never silently lost.
import type { Ctx } from "../context.ts";
import { defineJob, exponentialBackoff } from "../jobs/job.ts";
import { serialByKey } from "../jobs/serial-by-key.ts";
import { processInboundSpec } from "./accept.ts";
import { markInboundDead, runPipeline } from "./pipeline.ts";
import { expireHeldInbound } from "./held-inbound.ts";

// Jobs run side by side; one sender's messages keep their order, so a reply finds the ticket its
// original created. (Across several worker processes a reply that overtakes its original still threads
// by subject number or starts a follow-up ticket.)
const inSenderOrder = serialByKey();

export const processInboundJob = defineJob({
  ...processInboundSpec,
  backoffMs: exponentialBackoff(5_000, 10 * 60_000),
  handle: (ctx, { inboundId, sender }) => inSenderOrder(sender ?? null, () => processInbound(ctx, inboundId)),
});

async function processInbound(ctx: Ctx, inboundId: string): Promise<void> {
  const row = await ctx.db.selectFrom("inbound").select(["attempts", "status"]).where("id", "=", inboundId).executeTakeFirst();
  if (!row) return;
  // Still held when its time is up (a web-form request nobody confirmed): recorded with the reason, not processed.
  if (row.status === "held") return expireHeldInbound(ctx, inboundId);
  const attempt = row.attempts + 1;
  await ctx.db.updateTable("inbound").set({ attempts: attempt }).where("id", "=", inboundId).execute();
  try {
    const outcome = await runPipeline(ctx, inboundId);
    ctx.log.info({ inboundId, outcome: outcome.kind, reason: "reason" in outcome ? outcome.reason : undefined }, "inbound processed");
  } catch (err) {
    const reason = `${(err as Error).name}: ${(err as Error).message}`;
    if (attempt >= processInboundSpec.maxAttempts) {
      await markInboundDead(ctx, inboundId, reason);
      ctx.log.error({ inboundId, err: reason }, "inbound message moved to dead letters");
      return;
    }
    throw err;
  }
}
