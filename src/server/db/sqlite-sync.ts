// SQLite's commit sync, set per call chain (write-durability.ts). One connection serves everyone, so the
// level is set as a caller takes the connection — never inside a transaction, where SQLite refuses it.
// Redoable commits are then synced soon after in the background (libuv's pool, not the main thread),
// so a power failure takes back milliseconds of processing rather than everything since the last
// durable commit.
import { open } from "node:fs/promises";
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from "kysely";
import type SqliteDatabase from "better-sqlite3";
import { currentWriteDurability } from "./write-durability.ts";

export type WalSync = { request(): void; settled(): Promise<void> };

/** Fsyncs the WAL file (any descriptor of a file flushes all of it), one sync at a time, later requests merged. */
export function walSync(walPath: string | null, onError: (err: Error) => void): WalSync {
  let running: Promise<void> | null = null;
  let again = false;
  async function run() {
    do {
      again = false;
      try {
        const file = await open(walPath!, "r+");
        try {
          await file.sync();
        } finally {
          await file.close();
        }
      } catch (err) {
        // No WAL file: nothing written since it was checkpointed away, which synced it.
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") onError(err as Error);
      }
    } while (again);
    running = null;
  }
  return {
    request() {
      if (!walPath) return;
      if (running) again = true;
      else running = run();
    },
    settled: async () => {
      await running;
    },
  };
}

export function sqliteDialectWithSyncLevels(config: SqliteDialectConfig, sqlite: SqliteDatabase.Database, wal: WalSync): SqliteDialect {
  return new (class extends SqliteDialect {
    override createDriver(): Driver {
      return new SqliteDriverWithSyncLevels(config, sqlite, wal);
    }
  })(config);
}

class SqliteDriverWithSyncLevels extends SqliteDriver {
  #level: "FULL" | "NORMAL" = "FULL";
  constructor(config: SqliteDialectConfig, private readonly sqlite: SqliteDatabase.Database, private readonly wal: WalSync) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    const wanted = currentWriteDurability() === "redoable" ? "NORMAL" : "FULL";
    // A transaction left open (a failed rollback) keeps the level it began with: SQLite refuses a change then.
    if (wanted !== this.#level && !this.sqlite.inTransaction) {
      try {
        this.sqlite.pragma(`synchronous = ${wanted}`);
      } catch (err) {
        // Whoever waits for the connection next must still get it.
        await super.releaseConnection();
        throw err;
      }
      this.#level = wanted;
    }
    return connection;
  }

  override async releaseConnection(): Promise<void> {
    if (this.#level === "NORMAL") this.wal.request();
    await super.releaseConnection();
  }
}
