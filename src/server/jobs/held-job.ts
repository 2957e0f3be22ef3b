// A job this process runs itself, outside the runner (`paydesk outbox deliver`): written as already
// claimed, so no runner starts it meanwhile; should this process die, a runner takes it over once the
// lock runs out, exactly as after a worker's crash.
import { nowIso, type Ctx } from "../context.ts";
import { newId } from "../ids.ts";
import type { JobSpec } from "./job.ts";
import { endLease, JOB_LOCK_MS, keepLease, type Lease } from "./job-lease.ts";
import type { z } from "zod";

const HELD_ATTEMPTS = 1;

export async function insertHeldJob<S extends z.ZodType>(ctx: Ctx, spec: JobSpec<S>, payload: z.infer<S>, dedupeKey: string): Promise<string> {
  const now = nowIso(ctx);
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.insertInto("jobs").values({
    id,
    kind: spec.kind,
    payload_json: JSON.stringify(spec.schema.parse(payload)),
    status: "running",
    attempts: HELD_ATTEMPTS,
    max_attempts: spec.maxAttempts,
    run_at: now,
    locked_until: new Date(ctx.clock.now().getTime() + JOB_LOCK_MS).toISOString(),
    last_error: null,
    dedupe_key: dedupeKey,
    created_at: now,
    updated_at: now,
  }).execute();
  return id;
}

/** The claim a held job is written with (job-lease.ts): renewed while this process works on it. */
export const heldLease = (jobId: string): Lease => ({ jobId, attempts: HELD_ATTEMPTS });

/** Keeps the held job's lock while `work` runs (a relay may take minutes per SMTP step). */
export async function whileHolding<T>(ctx: Ctx, jobId: string, work: () => Promise<T>): Promise<T> {
  const stop = keepLease(ctx, heldLease(jobId), JOB_LOCK_MS, ctx.log);
  try {
    return await work();
  } finally {
    stop();
  }
}

/**
 * Ends a held job as the runner would: done, dead, or queued again for a runner at `runAt` — unless its
 * lock ran out and a runner has taken it over meanwhile, whose run it then is to end.
 */
export async function finishHeldJob(
  ctx: Ctx, jobId: string, end: { status: "done" } | { status: "dead"; error: string } | { status: "queued"; runAt: Date; error: string },
): Promise<void> {
  await endLease(ctx, heldLease(jobId), {
    status: end.status,
    last_error: end.status === "done" ? null : end.error,
    ...(end.status === "queued" ? { run_at: end.runAt.toISOString(), attempts: 0 } : {}),
  });
}
