// The one place that knows which database we talk to: SQLite (embedded default) or PostgreSQL.
import { mkdirSync, realpathSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema.ts";
import { sqliteDialectWithSyncLevels, walSync } from "./sqlite-sync.ts";

export type Dialect = "sqlite" | "postgres";
export type Db = Kysely<Database> & { dialect?: never };
export type DbExecutor = Kysely<Database> | Transaction<Database>;

export type Connection = {
  db: Kysely<Database>; dialect: Dialect; close(): Promise<void>;
  /** Every commit so far on disk (SQLite's redoable ones are synced in the background; PostgreSQL's are at once). */
  syncCommits(): Promise<void>;
};

export type ConnectOptions = {
  /** postgres://… selects PostgreSQL; a file path or ":memory:" selects SQLite. */
  url: string;
  /** PostgreSQL schema to use (tests isolate themselves in their own schema). */
  schema?: string;
  poolSize?: number;
  /** A background sync of SQLite's redoable commits failed (sqlite-sync.ts). */
  onSyncError?: (err: Error) => void;
};

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

export function connect(options: ConnectOptions): Connection {
  if (/^postgres(ql)?:\/\//.test(options.url)) {
    const pool = new pg.Pool({
      connectionString: options.url,
      // Jobs run side by side (worker.concurrency) and HTTP requests share the pool: leave room for both.
      max: options.poolSize ?? 20,
      // Rows carry ISO strings and plain numbers on both dialects.
      types: {
        getTypeParser: (oid: number, format?: string) => {
          if (oid === TIMESTAMPTZ_OID) return (v: string) => new Date(v).toISOString();
          if (oid === INT8_OID) return (v: string) => Number(v);
          return pg.types.getTypeParser(oid, format as "text");
        },
      } as pg.CustomTypesConfig,
      options: options.schema ? `-c search_path=${options.schema}` : undefined,
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", close: () => db.destroy(), syncCommits: async () => {} };
  }
  if (options.url !== ":memory:") mkdirSync(dirname(options.url), { recursive: true });
  const sqlite = new SqliteDatabase(options.url);
  // Some file systems (network shares) refuse WAL: SQLite then keeps its rollback journal and its own syncs.
  const walMode = sqlite.pragma("journal_mode = WAL", { simple: true }) === "wal";
  // FULL until the driver takes over: it commits with NORMAL and fsyncs the log itself, off the main
  // thread, before a durable caller goes on (sqlite-sync.ts), so a committed intake row still survives
  // power loss, which SMTP's 250 promises.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // Planner statistics: without them SQLite picks poor indexes on big tables (e.g. sorts every ticket
  // of a mailbox instead of walking the time index). `optimize` analyses only what changed, bounded.
  sqlite.pragma("analysis_limit = 1000");
  const optimize = setInterval(() => sqlite.pragma("optimize"), 3600_000);
  optimize.unref();
  // Beside the file itself, should the configured path be a symbolic link: that is where SQLite keeps it.
  const wal = walSync(walMode ? `${realpathSync(options.url)}-wal` : null, options.onSyncError ?? (() => {}));
  const writes = { since: false };
  const db = new Kysely<Database>({ dialect: sqliteDialectWithSyncLevels({ database: withStatementCache(sqlite, writes) }, sqlite, wal, writes) });
  return {
    db, dialect: "sqlite",
    syncCommits: () => wal.sync(),
    close: async () => {
      clearInterval(optimize);
      await wal.close();
      if (sqlite.open) sqlite.pragma("optimize");
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every query anew; the same few dozen SQL texts run for every message, so keep their
 * prepared statements (one connection, queries never overlap, so reuse is safe).
 */
const READS = /^\s*(select|pragma|explain|begin|commit|rollback|savepoint|release)\b/i;

function withStatementCache(sqlite: SqliteDatabase.Database, writes: { since: boolean }) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= 500) cache.clear();
        stmt = sqlite.prepare(sql);
        cache.set(sql, stmt);
      }
      // Kysely prepares right before it runs, so this marks a write to sync (sqlite-sync.ts). By its text:
      // better-sqlite3 counts INSERT … RETURNING as a reader.
      if (!READS.test(sql)) writes.since = true;
      return stmt;
    },
  };
}
