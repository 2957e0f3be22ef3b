// A job this process runs itself, outside the runner (`paydesk outbox deliver`): written as already
// claimed, so no runner starts it meanwhile; should this process die, a runner takes it over once the
// lock runs out, exactly as after a worker's crash.
import { nowIso, type Ctx } from "../context.ts";
import { newId } from "../ids.ts";
import type { JobSpec } from "./job.ts";
import type { z } from "zod";

/** As long as a runner's own lock: the work must fit in it, as it must for a worker. */
export const HELD_JOB_LOCK_MS = 5 * 60_000;

export async function insertHeldJob<S extends z.ZodType>(ctx: Ctx, spec: JobSpec<S>, payload: z.infer<S>, dedupeKey: string): Promise<string> {
  const now = nowIso(ctx);
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.insertInto("jobs").values({
    id,
    kind: spec.kind,
    payload_json: JSON.stringify(spec.schema.parse(payload)),
    status: "running",
    attempts: 1,
    max_attempts: spec.maxAttempts,
    run_at: now,
    locked_until: new Date(ctx.clock.now().getTime() + HELD_JOB_LOCK_MS).toISOString(),
    last_error: null,
    dedupe_key: dedupeKey,
    created_at: now,
    updated_at: now,
  }).execute();
  return id;
}

/** Ends a held job as the runner would: done, dead, or queued again for a runner at `runAt`. */
export async function finishHeldJob(
  ctx: Ctx, jobId: string, end: { status: "done" } | { status: "dead"; error: string } | { status: "queued"; runAt: Date; error: string },
): Promise<void> {
  await ctx.db.updateTable("jobs").set({
    status: end.status,
    locked_until: null,
    last_error: end.status === "done" ? null : end.error,
    ...(end.status === "queued" ? { run_at: end.runAt.toISOString(), attempts: 0 } : {}),
    updated_at: nowIso(ctx),
  }).where("id", "=", jobId).execute();
}
