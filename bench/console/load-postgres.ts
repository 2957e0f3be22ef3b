// Bulk load into PostgreSQL: one INSERT … SELECT FROM unnest(array per column) per table and batch, in one
// transaction per batch. Foreign-key triggers are off for the seeding session only
// (session_replication_role = replica); the rows are consistent by construction.
import pg from "pg";
import { TABLES, type Batch, type Table } from "./dataset.ts";
import { checkColumns, type BulkLoader } from "./load-sqlite.ts";

export async function openPostgresLoader(url: string, schema: string): Promise<BulkLoader> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  await client.query("set session_replication_role = replica");
  await client.query("set synchronous_commit = off");
  const info = await client.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string; column_default: string | null }>(
    "select table_name, column_name, udt_name, is_nullable, column_default from information_schema.columns where table_schema = $1 order by ordinal_position", [schema]);
  const plans = new Map<Table, { text: string; columns: string[] } | null>(TABLES.map((t) => [t, null]));
  const planFor = (t: Table, sample: Record<string, unknown>) => {
    let plan = plans.get(t);
    if (!plan) {
      const cols = info.rows.filter((r) => r.table_name === t);
      const columns = checkColumns(t, cols.map((c) => ({ name: c.column_name, notnull: c.is_nullable === "NO", dflt_value: c.column_default })), sample as never);
      const types = columns.map((c) => cols.find((x) => x.column_name === c)!.udt_name);
      plan = { columns, text: `insert into ${t} (${columns.join(",")}) select * from unnest(${types.map((ty, i) => `$${i + 1}::${ty}[]`).join(",")})` };
      plans.set(t, plan);
    }
    return plan;
  };
  let inFlight: Promise<void> = Promise.resolve();
  const write = async (batch: Batch) => {
    await client.query("begin");
    for (const t of TABLES) {
      const rows = batch[t];
      if (rows.length === 0) continue;
      const plan = planFor(t, rows[0]!);
      await client.query(plan.text, plan.columns.map((c) => rows.map((r) => r[c] ?? null)));
    }
    await client.query("commit");
  };
  return {
    // The server inserts one batch while this process generates the next.
    async insert(batch) {
      await inFlight;
      inFlight = write(batch);
      inFlight.catch(() => {});
    },
    async close() {
      await inFlight;
      await client.end();
    },
  };
}
