// A running job's claim on its row. It is renewed while the job runs, so work slower than the lock (a relay
// taking minutes per SMTP step) is not claimed again by another process and done twice; it lapses when the
// process dies, or after MAX_RENEWALS should the work hang. The claim is the row's `attempts` as claimed:
// a later claim of the row raises it, so a run that lost its claim can neither renew nor end the job the
// new owner is running.
import type { Logger } from "pino";
import { nowIso, type Ctx } from "../context.ts";

export type Lease = { jobId: string; attempts: number };

/**
 * How long a claim holds without renewal. Short, since it is renewed: a process that dies hands its jobs
 * over within a minute (mail it held is not left waiting, nor a reply overtaking its original for long).
 */
export const JOB_LOCK_MS = 60_000;

/** Renewals at a third of the lock each: about ten locks' time. */
const MAX_RENEWALS = 30;

/** Starts renewing; call the returned function when the job is over. */
export function keepLease(ctx: Ctx, lease: Lease, lockMs: number, log: Logger): () => void {
  let renewals = 0;
  const timer = setInterval(() => {
    if (++renewals > MAX_RENEWALS) {
      clearInterval(timer);
      log.error({ minutes: Math.round((renewals * lockMs) / 3 / 60_000) }, "job still running; its lock is no longer renewed, so another worker may take it over");
      return;
    }
    const lockUntil = new Date(ctx.clock.now().getTime() + lockMs).toISOString();
    ownedRow(ctx, lease).set({ locked_until: lockUntil }).execute()
      .catch((err) => log.warn({ err: (err as Error).message }, "could not renew the job's lock"));
  }, Math.max(50, Math.floor(lockMs / 3)));
  return () => clearInterval(timer);
}

/** An update of the job's row that applies only while this claim still holds it. */
export function ownedRow(ctx: Ctx, lease: Lease) {
  return ctx.db.updateTable("jobs").where("id", "=", lease.jobId).where("status", "=", "running").where("attempts", "=", lease.attempts);
}

/** Ends the job as its owner, if it still is: nothing changes when another run has claimed it since. */
export async function endLease(ctx: Ctx, lease: Lease, patch: { status: string; run_at?: string; last_error?: string | null; attempts?: number }): Promise<void> {
  await ownedRow(ctx, lease).set({ ...patch, locked_until: null, updated_at: nowIso(ctx) }).execute();
}
