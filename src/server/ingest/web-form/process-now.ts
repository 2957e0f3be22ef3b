// Runs a fresh intake row's processing job inside the request that created it, so the contact form can show
// the ticket number at once. The job is claimed exactly as the runner claims it (a guarded update), so the
// worker and the request never both process it; when the worker was quicker we wait briefly for its result.
import { setTimeout as sleep } from "node:timers/promises";
import { childCtx, nowIso, systemActor, type Ctx } from "../../context.ts";
import { formatTicketNumber } from "../../modules/tickets/ticket.ts";
import { processingJobKey } from "../held-inbound.ts";
import { RetryJobAt } from "../../jobs/job.ts";
import { endLease, JOB_LOCK_MS, keepLease, type Lease } from "../../jobs/job-lease.ts";
import { processInboundJob } from "../process.job.ts";

export type ProcessedNow =
  | { kind: "ticket"; ref: string; ticketId: string }
  /** Added to an existing ticket, dropped, held for review, or not done yet: nothing the page may reveal. */
  | { kind: "later" };

const RETRY_MS = 5_000;

type ClaimedJob = { lease: Lease; payloadJson: string };

async function claimJob(ctx: Ctx, inboundId: string): Promise<ClaimedJob | null> {
  const now = nowIso(ctx);
  const job = await ctx.db.selectFrom("jobs").select(["id", "payload_json", "attempts"])
    .where("dedupe_key", "in", [processingJobKey(inboundId), `inbound:${inboundId}:released`])
    .where("status", "=", "queued").where("run_at", "<=", now)
    .executeTakeFirst();
  if (!job) return null;
  const lease = { jobId: job.id, attempts: job.attempts + 1 };
  const claimed = await ctx.db.updateTable("jobs")
    .set({ status: "running", attempts: lease.attempts, locked_until: new Date(ctx.clock.now().getTime() + JOB_LOCK_MS).toISOString(), updated_at: now })
    .where("id", "=", job.id).where("status", "=", "queued").where("attempts", "=", job.attempts)
    .executeTakeFirst();
  return claimed.numUpdatedRows === 1n ? { lease, payloadJson: job.payload_json } : null;
}

async function runClaimed(ctx: Ctx, job: ClaimedJob, inboundId: string): Promise<void> {
  const { lease } = job;
  const jobCtx = childCtx(ctx, { actor: systemActor, log: ctx.log.child({ job: processInboundJob.kind, jobId: lease.jobId }) });
  const stopRenewing = keepLease(ctx, lease, JOB_LOCK_MS, jobCtx.log);
  try {
    // With the job's own payload: its sender keeps this request in order with that sender's other mail.
    await processInboundJob.handle(jobCtx, processInboundJob.schema.parse(JSON.parse(job.payloadJson)));
    stopRenewing();
    await endLease(ctx, lease, { status: "done", last_error: null });
  } catch (err) {
    stopRenewing();
    // The worker retries it like any failed job; the customer is told the number comes by e-mail. A
    // chosen retry time (waiting for the virus scanner) is kept and, as in the runner, is not a try.
    const chosen = err instanceof RetryJobAt;
    const runAt = (chosen ? err.at : new Date(ctx.clock.now().getTime() + RETRY_MS)).toISOString();
    await endLease(ctx, lease, { status: "queued", run_at: runAt, last_error: (err as Error).message, ...(chosen ? { attempts: lease.attempts - 1 } : {}) });
    ctx.log.warn({ inboundId, err: (err as Error).message }, "processing a contact-form request in the request failed; the worker retries");
  }
}

/** Processes `inboundId` now if nobody else is, then says whether it opened a ticket (and which). */
export async function processInboundNow(ctx: Ctx, inboundId: string, waitForWorkerMs = 3_000): Promise<ProcessedNow> {
  const job = await claimJob(ctx, inboundId);
  if (job) await runClaimed(ctx, job, inboundId);
  let row = await readRow(ctx, inboundId);
  for (let waited = 0; row?.status === "pending" && waited < waitForWorkerMs; waited += 100) {
    await sleep(100);
    row = await readRow(ctx, inboundId);
  }
  if (row?.status !== "processed" || !row.ticket_id || !row.message_id) return { kind: "later" };
  // Only a ticket this request opened is named: a message that joined an existing ticket reveals nothing about it.
  const first = await ctx.db.selectFrom("messages").select("id").where("ticket_id", "=", row.ticket_id).orderBy("created_at").orderBy("id").limit(1).executeTakeFirst();
  if (first?.id !== row.message_id) return { kind: "later" };
  const ticket = await ctx.db.selectFrom("tickets").select("number").where("id", "=", row.ticket_id).executeTakeFirst();
  if (!ticket) return { kind: "later" };
  // The worker may have opened it, with a commit that waits for no disk: the number is on disk before it is told.
  try {
    await ctx.services.syncCommits();
  } catch {
    return { kind: "later" };
  }
  return { kind: "ticket", ref: formatTicketNumber(ctx.services.config.ticketPrefix, ticket.number), ticketId: row.ticket_id };
}

const readRow = (ctx: Ctx, inboundId: string) =>
  ctx.db.selectFrom("inbound").select(["status", "ticket_id", "message_id"]).where("id", "=", inboundId).executeTakeFirst();
