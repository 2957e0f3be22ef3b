// The runner on a real database: how many jobs it keeps in flight, and how a chosen retry time counts.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, it } from "node:test";
import { sql } from "kysely";
import { z } from "zod";
import { openTestRuntime, forEachDialect, type TestRuntime } from "../test/harness.ts";
import { enqueueJob } from "./enqueue.ts";
import { defineJob, RetryJobAt } from "./job.ts";
import { createJobRunner } from "./runner.ts";
import { currentWriteDurability } from "../db/write-durability.ts";

await forEachDialect("job runner", (dialect) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await openTestRuntime(dialect);
  });
  after(async () => rt.close());

  let inFlight = 0;
  let most = 0;
  const slow = defineJob({
    kind: "test.slow", schema: z.object({ n: z.number() }), maxAttempts: 3, backoffMs: () => 1000,
    async handle() {
      inFlight += 1;
      most = Math.max(most, inFlight);
      // Mail keeps arriving while these run (what the SMTP receiver reports).
      if (intakeGoesOn) runner?.yieldToIntake();
      await sleep(20);
      inFlight -= 1;
    },
  });
  let intakeGoesOn = false;
  let runner: ReturnType<typeof createJobRunner> | null = null;
  const enqueue = async (count: number) => {
    for (let n = 0; n < count; n++) await enqueueJob(rt.ctx, slow, { n });
  };

  it("keeps `concurrency` jobs in flight, but only two while mail is being accepted", async () => {
    runner = createJobRunner(rt.ctx, [slow], { concurrency: 8 });
    await enqueue(16);
    most = 0;
    assert.equal(await runner.drain(), 16);
    assert.equal(most, 8);
    await enqueue(16);
    most = 0;
    intakeGoesOn = true;
    runner.yieldToIntake();
    assert.equal(await runner.drain(), 16);
    assert.equal(most, 2);
    // Once intake has been quiet for a moment, full width again.
    intakeGoesOn = false;
    await sleep(300);
    await enqueue(16);
    most = 0;
    await runner.drain();
    assert.equal(most, 8);
  });

  it("refills free lanes while a slow job runs, instead of waiting for it to finish", async () => {
    const finished: string[] = [];
    const timed = defineJob({
      kind: "test.timed", schema: z.object({ name: z.string(), ms: z.number() }), maxAttempts: 1, backoffMs: () => 1000,
      async handle(_ctx, { name, ms }) {
        await sleep(ms);
        finished.push(name);
      },
    });
    const lanes = createJobRunner(rt.ctx, [timed], { concurrency: 4 });
    await enqueueJob(rt.ctx, timed, { name: "slow", ms: 1500 });
    for (let n = 0; n < 24; n++) await enqueueJob(rt.ctx, timed, { name: `fast-${n}`, ms: 10 });
    assert.equal(await lanes.drain(), 25);
    assert.equal(finished.at(-1), "slow", "every quick job ran while the slow one was still running");
  });

  it("keeps the claim of a job that runs longer than its lock: another runner does not run it again", async () => {
    let runs = 0;
    const long = defineJob({
      kind: "test.long", schema: z.object({}), maxAttempts: 3, backoffMs: () => 1000,
      async handle() {
        runs += 1;
        await sleep(900);
      },
    });
    // Two runners as two processes would have them, each with a lock far shorter than the job.
    const first = createJobRunner(rt.ctx, [long], { lockMs: 300 });
    const second = createJobRunner(rt.ctx, [long], { lockMs: 300 });
    await enqueueJob(rt.ctx, long, {});
    const firstDrain = first.drain();
    let secondRan = 0;
    // The database's clock moves with real time, 100 ms a step: the lock would run out at the third.
    for (let t = 0; t < 8; t++) {
      await sleep(100);
      rt.clock.advance(100);
      secondRan += await second.drain();
    }
    assert.equal(await firstDrain, 1);
    assert.equal(secondRan, 0);
    assert.equal(runs, 1);
    const row = await rt.ctx.db.selectFrom("jobs").select(["status", "locked_until"]).where("kind", "=", "test.long").executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: "done", locked_until: null });
  });

  /** A job whose runs hang until released; counts how often it was started. */
  const hangingJob = (kind: string) => {
    const hanging: (() => void)[] = [];
    const state = { started: 0 };
    const def = defineJob({
      kind, schema: z.object({}), maxAttempts: 5, backoffMs: () => 1000,
      async handle() {
        state.started += 1;
        await new Promise<void>((r) => hanging.push(r));
      },
    });
    return { def, state, releaseAll: () => hanging.forEach((release) => release()) };
  };

  /** Steps of 100 ms, for real and on the database's clock, each ending with a drain; stops early when `until` holds. */
  const driveClock = async (steps: number, drain: () => Promise<number>, until = () => false) => {
    const drains: Promise<number>[] = [];
    for (let t = 0; t < steps && !until(); t++) {
      await sleep(100);
      rt.clock.advance(100);
      drains.push(drain());
    }
    return drains;
  };

  it("stops renewing the lock of a job that hangs, so it can be taken over in the end", async () => {
    const hung = hangingJob("test.hung");
    const first = createJobRunner(rt.ctx, [hung.def], { lockMs: 150 });
    const second = createJobRunner(rt.ctx, [hung.def], { lockMs: 150 });
    await enqueueJob(rt.ctx, hung.def, {});
    const firstDrain = first.drain();
    // Thirty renewals at 50 ms: after about 1.5 s the lock lapses.
    const drains = await driveClock(40, () => second.drain(), () => hung.state.started >= 2);
    hung.releaseAll();
    await Promise.all([firstDrain, ...drains]);
    assert.equal(hung.state.started, 2, "another runner took the hung job over");
  });

  it("does not start again a job it still has running when that job's lock lapses", async () => {
    const stuck = hangingJob("test.stuck");
    const one = createJobRunner(rt.ctx, [stuck.def], { lockMs: 150 });
    await enqueueJob(rt.ctx, stuck.def, {});
    const firstDrain = one.drain();
    // Well past the renewals (about 1.5 s), the same runner drains again and again.
    const drains = await driveClock(25, () => one.drain());
    assert.equal(stuck.state.started, 1);
    stuck.releaseAll();
    await Promise.all([firstDrain, ...drains]);
  });

  it("ends a drain whose database fails only once its running jobs are done", async () => {
    let slowDone = false;
    const breaker = defineJob({
      kind: "test.breaker", schema: z.object({ slow: z.boolean() }), maxAttempts: 1, backoffMs: () => 1000,
      async handle(_ctx, { slow }) {
        if (slow) {
          await sleep(400);
          slowDone = true;
        } else {
          // The job table goes away under the runner: its next claim fails while the slow job still runs.
          await sql`alter table jobs rename to jobs_away`.execute(rt.ctx.db);
        }
      },
    });
    const lanes = createJobRunner(rt.ctx, [breaker], { concurrency: 2 });
    await enqueueJob(rt.ctx, breaker, { slow: true });
    await enqueueJob(rt.ctx, breaker, { slow: false });
    try {
      await assert.rejects(lanes.drain());
      assert.equal(slowDone, true, "the drain waited for the job still running");
    } finally {
      await sql`alter table jobs_away rename to jobs`.execute(rt.ctx.db);
      await rt.ctx.db.deleteFrom("jobs").where("kind", "=", "test.breaker").execute();
    }
  });

  it("does not count a run that asked to be retried at a chosen time as a try", async () => {
    let runs = 0;
    const waiting = defineJob({
      kind: "test.waiting", schema: z.object({}), maxAttempts: 2, backoffMs: () => 1000,
      async handle() {
        runs += 1;
        if (runs <= 5) throw new RetryJobAt(rt.clock.now(), "waiting for something outside");
      },
    });
    const runner = createJobRunner(rt.ctx, [waiting]);
    const id = await enqueueJob(rt.ctx, waiting, {});
    for (let i = 0; i < 6; i++) await runner.drain();
    const job = await rt.ctx.db.selectFrom("jobs").select(["status", "attempts"]).where("id", "=", id).executeTakeFirstOrThrow();
    assert.equal(runs, 6);
    assert.deepEqual(job, { status: "done", attempts: 1 });
  });

  it("drains only the jobs chosen by dedupe key prefix, taking % and _ in a prefix literally", async () => {
    const ran: string[] = [];
    const named = defineJob({
      kind: "test.named", schema: z.object({ name: z.string() }), maxAttempts: 1, backoffMs: () => 1000,
      async handle(_ctx, { name }) {
        ran.push(name);
      },
    });
    const runner = createJobRunner(rt.ctx, [named]);
    for (const name of ["a_1", "a_2", "ab1", "a%9", "b_1"]) await enqueueJob(rt.ctx, named, { name }, { dedupeKey: `named:${name}:0` });
    assert.equal(await runner.drain({ dedupeKeyPrefixes: ["named:a_", "named:b_1:"] }), 3);
    assert.deepEqual(ran.sort(), ["a_1", "a_2", "b_1"]);
    assert.equal(await runner.drain({ dedupeKeyPrefixes: [] }), 0);
    assert.equal(await runner.drain(), 2);
    assert.deepEqual(ran.sort(), ["a%9", "a_1", "a_2", "ab1", "b_1"]);
  });
});

it("runs a redoable job's writes without waiting for the disk, and claims and every other job durably", async () => {
  const rt = await openTestRuntime("sqlite");
  try {
    const scopes: Record<string, string> = {};
    const deliver = defineJob({
      kind: "test.deliver", schema: z.object({}), maxAttempts: 1, backoffMs: () => 1000,
      async handle() {
        scopes.deliver = currentWriteDurability();
      },
    });
    const processing = defineJob({
      kind: "test.process", schema: z.object({}), maxAttempts: 1, backoffMs: () => 1000, redoable: true,
      async handle(ctx) {
        scopes.process = currentWriteDurability();
        // What it queues is claimed (and so synced) by the drain, outside this job's scope.
        await enqueueJob(ctx, deliver, {});
        ctx.services.wakeWorker();
      },
    });
    const runner = createJobRunner(rt.ctx, [processing, deliver]);
    await enqueueJob(rt.ctx, processing, {});
    assert.equal(await runner.drain(), 2);
    assert.deepEqual(scopes, { process: "redoable", deliver: "durable" });
    assert.equal(currentWriteDurability(), "durable");
  } finally {
    await rt.close();
  }
});
