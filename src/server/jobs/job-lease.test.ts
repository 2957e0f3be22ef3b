// A job's claim as the proof of ownership its renewals and its end are written with (both dialects).
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { z } from "zod";
import { claimDueJobs } from "../db/sql.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../test/harness.ts";
import { enqueueJob } from "./enqueue.ts";
import { defineJob } from "./job.ts";
import { endLease, ownedRow } from "./job-lease.ts";

const noop = defineJob({ kind: "test.lease", schema: z.object({}), maxAttempts: 5, backoffMs: () => 1000, async handle() {} });

await forEachDialect("job lease", (dialect) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await openTestRuntime(dialect);
  });
  after(async () => rt.close());

  const claim = async () => {
    const now = rt.clock.now();
    const [job] = await claimDueJobs(rt.ctx.db, rt.ctx.dialect, { now: now.toISOString(), lockUntil: new Date(now.getTime() + 1000).toISOString(), limit: 1, kinds: [noop.kind] });
    assert.ok(job, "a job was claimed");
    return { jobId: job.id, attempts: job.attempts };
  };
  const row = (id: string) => rt.ctx.db.selectFrom("jobs").select(["status", "attempts", "last_error"]).where("id", "=", id).executeTakeFirstOrThrow();

  it("a run whose lock lapsed and was claimed again neither renews nor ends the new owner's run", async () => {
    await enqueueJob(rt.ctx, noop, {});
    const first = await claim();
    rt.clock.advance(2000);
    const second = await claim();
    assert.equal(second.jobId, first.jobId);
    assert.equal(second.attempts, first.attempts + 1);

    const renewed = await ownedRow(rt.ctx, first).set({ locked_until: new Date(rt.clock.now().getTime() + 60_000).toISOString() }).executeTakeFirst();
    assert.equal(Number(renewed.numUpdatedRows), 0);
    await endLease(rt.ctx, first, { status: "queued", last_error: "the old run thought it should retry" });
    assert.deepEqual(await row(first.jobId), { status: "running", attempts: second.attempts, last_error: null });

    await endLease(rt.ctx, second, { status: "done", last_error: null });
    assert.equal((await row(first.jobId)).status, "done");
  });
});
