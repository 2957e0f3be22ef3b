// Dialect-specific SQL lives here and nowhere else.
import { sql } from "kysely";
import type { Dialect, DbExecutor } from "./connect.ts";
import type { JobsTable } from "./schema.ts";

/**
 * Claims up to `limit` due jobs (queued, or running with an expired lock) for this worker.
 * PostgreSQL skips rows other workers hold; SQLite has one writer, so plain UPDATE … RETURNING suffices.
 */
export async function claimDueJobs(
  db: DbExecutor, dialect: Dialect,
  opts: { now: string; lockUntil: string; limit: number; kinds?: string[]; dedupeKeyPrefixes?: string[]; excludeIds?: string[] },
): Promise<JobsTable[]> {
  if (opts.dedupeKeyPrefixes?.length === 0) return [];
  const kindFilter = opts.kinds?.length ? sql`and kind in (${sql.join(opts.kinds)})` : sql``;
  // A prefix compared as it is (LIKE would read % and _ in it as wildcards).
  const keyFilter = opts.dedupeKeyPrefixes
    ? sql`and (${sql.join(opts.dedupeKeyPrefixes.map((prefix) => sql`substr(dedupe_key, 1, ${prefix.length}) = ${prefix}`), sql` or `)})`
    : sql``;
  // Jobs the claiming runner still has running (a hung one whose lock lapsed is for another process to take).
  const notMine = opts.excludeIds?.length ? sql`and id not in (${sql.join(opts.excludeIds)})` : sql``;
  const lock = dialect === "postgres" ? sql`for update skip locked` : sql``;
  const result = await sql<JobsTable>`
    update jobs set status = 'running', attempts = attempts + 1, locked_until = ${opts.lockUntil}, updated_at = ${opts.now}
    where id in (
      select id from jobs
      where ((status = 'queued' and run_at <= ${opts.now}) or (status = 'running' and locked_until < ${opts.now}))
      ${kindFilter} ${keyFilter} ${notMine}
      order by run_at, id limit ${opts.limit} ${lock}
    )
    returning *`.execute(db);
  // RETURNING gives no order on PostgreSQL; run jobs in the order they became due (replies after originals).
  return result.rows.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Next value of a named counter, atomically (ticket numbers). */
export async function nextCounterValue(db: DbExecutor, name: string, start: number): Promise<number> {
  await sql`insert into counters (name, value) values (${name}, ${start}) on conflict (name) do nothing`.execute(db);
  const r = await sql<{ value: number | string }>`update counters set value = value + 1 where name = ${name} returning value`.execute(db);
  return Number(r.rows[0]!.value);
}

/**
 * A column reference the SQLite planner will not pick an index for (the unary `+` idiom). For a filter
 * such as "any of these two mailboxes" the index on it looks selective but forces a sort of most of the
 * table, while walking the time index and filtering stops after one page. PostgreSQL weighs LIMIT itself.
 */
export function filterOnlyColumn(dialect: Dialect, column: string) {
  return dialect === "sqlite" ? sql<string>`+${sql.ref(column)}` : sql.ref<string>(column);
}
