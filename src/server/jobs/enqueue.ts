// Jobs are rows in the same database, written in the caller's transaction: no after-commit gap.
import { sql } from "kysely";
import { nowIso, type Ctx } from "../context.ts";
import { newId } from "../ids.ts";
import type { JobSpec } from "./job.ts";
import type { z } from "zod";

export async function enqueueJob<S extends z.ZodType>(
  ctx: Ctx,
  def: JobSpec<S>,
  payload: z.infer<S>,
  opts: { runAt?: Date; dedupeKey?: string } = {},
): Promise<string> {
  const now = nowIso(ctx);
  const id = newId(ctx.clock.now().getTime());
  await ctx.db
    .insertInto("jobs")
    .values({
      id,
      kind: def.kind,
      payload_json: JSON.stringify(def.schema.parse(payload)),
      status: "queued",
      attempts: 0,
      max_attempts: def.maxAttempts,
      run_at: (opts.runAt ?? ctx.clock.now()).toISOString(),
      locked_until: null,
      last_error: null,
      dedupe_key: opts.dedupeKey ?? null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .execute();
  return id;
}

/** Counts jobs by status (operations and tests). */
export async function countJobs(ctx: Ctx, kind?: string) {
  let q = ctx.db.selectFrom("jobs").select(["status", sql<number>`count(*)`.as("n")]).groupBy("status");
  if (kind) q = q.where("kind", "=", kind);
  const rows = await q.execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
}
