// The default job runner: polls the database, claims due jobs, runs their handlers.
import { childCtx, systemActor, type Ctx } from "../context.ts";
import { claimDueJobs } from "../db/sql.ts";
import { performance } from "node:perf_hooks";
import { withWriteDurability } from "../db/write-durability.ts";
import { PermanentJobFailure, RetryJobAt, type JobDefinition } from "./job.ts";
import { endLease, JOB_LOCK_MS, keepLease } from "./job-lease.ts";

/** Jobs in flight while mail is being accepted (yieldToIntake), and for how long after the last sign of it. */
const INTAKE_LANES = 2;
const INTAKE_WINDOW_MS = 250;

export type JobRunner = {
  /**
   * Runs every job due now, repeatedly, until none is left. Returns how many ran. `only`: just the jobs
   * whose dedupe key starts with one of these (one message's processing, not the whole queue).
   */
  drain(only?: JobSelection): Promise<number>;
  start(): void;
  stop(): Promise<void>;
  wake(): void;
  /**
   * Mail is being accepted in this process: for a moment, run only a few jobs at once. Taking mail in
   * shares the main thread with processing, and a sender waiting for its 250 matters more than a ticket
   * appearing a second sooner; the backlog is worked off at full width once intake quiets.
   */
  yieldToIntake(): void;
};

export type JobSelection = { dedupeKeyPrefixes: string[] };

export type RunnerOptions = {
  pollMs?: number;
  lockMs?: number;
  /**
   * Jobs in flight at once. While one waits (DNS, a relay, the disk, a worker thread), others go on;
   * handlers that must keep an order say so themselves (serial-by-key.ts).
   */
  concurrency?: number;
};

export function createJobRunner(ctx: Ctx, defs: JobDefinition[], options: RunnerOptions = {}): JobRunner {
  const registry = new Map(defs.map((d) => [d.kind, d]));
  const pollMs = options.pollMs ?? 1000;
  const lockMs = options.lockMs ?? JOB_LOCK_MS;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let loop: Promise<void> | null = null;
  let wakeRequested = false;
  let intakeAt = -Infinity;
  const lanesNow = () => (performance.now() - intakeAt < INTAKE_WINDOW_MS ? Math.min(concurrency, INTAKE_LANES) : concurrency);

  /** Jobs this runner has running, over all its drains. */
  const runningIds = new Set<string>();

  async function runOne(job: Awaited<ReturnType<typeof claimDueJobs>>[number]): Promise<void> {
    const def = registry.get(job.kind);
    runningIds.add(job.id);
    try {
      return await withWriteDurability(def?.redoable ? "redoable" : "durable", () => runHandler(job, def));
    } finally {
      runningIds.delete(job.id);
    }
  }

  async function runHandler(job: Awaited<ReturnType<typeof claimDueJobs>>[number], def: JobDefinition | undefined): Promise<void> {
    const jobCtx = childCtx(ctx, { actor: systemActor, log: ctx.log.child({ job: job.kind, jobId: job.id }) });
    const lease = { jobId: job.id, attempts: job.attempts };
    const finish = (patch: Parameters<typeof endLease>[2]) => endLease(ctx, lease, patch);
    if (!def) {
      await finish({ status: "dead", last_error: `no handler for job kind ${job.kind}` });
      return;
    }
    const stopRenewing = keepLease(ctx, lease, lockMs, jobCtx.log);
    try {
      await def.handle(jobCtx, def.schema.parse(JSON.parse(job.payload_json)));
      stopRenewing();
      await finish({ status: "done", last_error: null });
    } catch (err) {
      stopRenewing();
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof RetryJobAt) {
        // The handler keeps its own count of tries (or waits on something outside): this run is not one.
        await finish({ status: "queued", run_at: err.at.toISOString(), last_error: message, attempts: Math.max(0, job.attempts - 1) });
      } else if (err instanceof PermanentJobFailure || job.attempts >= def.maxAttempts) {
        jobCtx.log.error({ err: message }, "job failed permanently");
        await finish({ status: "dead", last_error: message });
      } else {
        const at = new Date(ctx.clock.now().getTime() + def.backoffMs(job.attempts));
        jobCtx.log.warn({ err: message, retryAt: at.toISOString() }, "job failed, will retry");
        await finish({ status: "queued", run_at: at.toISOString(), last_error: message });
      }
    }
  }

  async function drain(only?: JobSelection): Promise<number> {
    const inFlight = new Set<Promise<void>>();
    try {
      // Durable, also when a redoable job's wake() started this drain: a claim is what syncs the
      // commits before it, ahead of a delivery that takes mail off the machine.
      return await withWriteDurability("durable", () => runUntilNoneDue(inFlight, only));
    } catch (err) {
      // A failed claim (the database busy or gone) ends this drain only once its running jobs are done:
      // none may run on unwatched, past stop() and the closing of the database.
      await Promise.allSettled(inFlight);
      throw err;
    }
  }

  async function runUntilNoneDue(inFlight: Set<Promise<void>>, only: JobSelection | undefined): Promise<number> {
    let total = 0;
    // Jobs finishing can make more due (an acknowledgement to deliver): look again after each one.
    let mayHaveMore = true;
    for (;;) {
      const lanes = lanesNow();
      const free = lanes - inFlight.size;
      // Refill once half the lanes are free (or all, when narrowed for intake): a claim is a write of its own,
      // and waiting for a whole batch to finish would leave lanes idle behind its slowest job.
      if (mayHaveMore && free > 0 && (inFlight.size === 0 || free * 2 >= lanes)) {
        const now = ctx.clock.now();
        // Claim only what starts at once: a job waiting behind others would see its lock run out before it began.
        const jobs = await claimDueJobs(ctx.db, ctx.dialect, {
          now: now.toISOString(),
          lockUntil: new Date(now.getTime() + lockMs).toISOString(),
          limit: free,
          dedupeKeyPrefixes: only?.dedupeKeyPrefixes,
          excludeIds: [...runningIds],
        });
        if (jobs.length < free) mayHaveMore = false;
        // Claimed in order (due time), started in that order.
        for (const job of jobs) {
          const running: Promise<void> = runOne(job).finally(() => inFlight.delete(running));
          inFlight.add(running);
        }
        total += jobs.length;
      }
      if (inFlight.size === 0) {
        if (!mayHaveMore) return total;
        continue;
      }
      await Promise.race(inFlight);
      mayHaveMore = true;
    }
  }

  function schedule(ms: number) {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
  }

  function tick() {
    timer = null;
    if (loop) {
      wakeRequested = true;
      return;
    }
    loop = drain()
      .then(() => undefined)
      .catch((err) => ctx.log.error({ err: (err as Error).message }, "job runner poll failed"))
      .finally(() => {
        loop = null;
        const again = wakeRequested;
        wakeRequested = false;
        schedule(again ? 0 : pollMs);
      });
  }

  return {
    drain,
    start() {
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await loop;
    },
    wake() {
      if (!running) return;
      if (loop) wakeRequested = true;
      else schedule(0);
    },
    yieldToIntake() {
      intakeAt = performance.now();
    },
  };
}
