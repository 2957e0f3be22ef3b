// Bulk load into SQLite: one connection, multi-row INSERTs from statements prepared once, one transaction
// per batch. synchronous=OFF and no foreign-key checks are for seeding only (the rows are consistent by
// construction); the measurements reopen the database the normal way.
import SqliteDatabase from "better-sqlite3";
import { TABLES, type Batch, type Row, type Table } from "./dataset.ts";

const MAX_VARIABLES = 32_000;

export type BulkLoader = { insert(batch: Batch): Promise<void>; close(): Promise<void> };

export function openSqliteLoader(file: string): BulkLoader {
  const db = new SqliteDatabase(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  db.pragma("cache_size = -524288");
  db.pragma("temp_store = MEMORY");
  const plans = new Map<Table, InsertPlan>();
  for (const t of TABLES) plans.set(t, planInsert(db, t));
  const write = db.transaction((batch: Batch) => {
    for (const t of TABLES) plans.get(t)!.run(batch[t]);
  });
  return {
    async insert(batch) {
      write(batch);
    },
    async close() {
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.close();
    },
  };
}

type InsertPlan = { run(rows: Row[]): void };

function planInsert(db: SqliteDatabase.Database, table: Table): InsertPlan {
  const info = db.prepare(`pragma table_info(${table})`).all() as { name: string; notnull: number; dflt_value: unknown; pk: number }[];
  let columns: string[] | null = null;
  const statements = new Map<number, SqliteDatabase.Statement>();
  const statementFor = (n: number) => {
    let s = statements.get(n);
    if (!s) {
      const one = `(${columns!.map(() => "?").join(",")})`;
      s = db.prepare(`insert into ${table} (${columns!.join(",")}) values ${Array.from({ length: n }, () => one).join(",")}`);
      statements.set(n, s);
    }
    return s;
  };
  return {
    run(rows) {
      if (rows.length === 0) return;
      // Columns come from the live schema: columns other changes add must have defaults, or the seed says so.
      columns ??= checkColumns(table, info, rows[0]!);
      const per = Math.max(1, Math.min(200, Math.floor(MAX_VARIABLES / columns.length)));
      const values: (string | number | null)[] = [];
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        values.length = 0;
        for (const r of chunk) for (const c of columns) values.push(r[c] ?? null);
        statementFor(chunk.length).run(values);
      }
    },
  };
}

export function checkColumns(table: string, info: { name: string; notnull: number | boolean; dflt_value: unknown; pk?: number }[], sample: Row): string[] {
  const known = new Set(info.map((c) => c.name));
  const missing = Object.keys(sample).filter((k) => !known.has(k));
  if (missing.length) throw new Error(`the seed writes ${table}.${missing.join(", ")}, which the schema does not have`);
  const unfilled = info.filter((c) => !(c.name in sample) && c.notnull && c.dflt_value === null);
  if (unfilled.length) throw new Error(`${table}.${unfilled.map((c) => c.name).join(", ")} is NOT NULL without a default: the seed must fill it`);
  return info.map((c) => c.name).filter((n) => n in sample);
}
