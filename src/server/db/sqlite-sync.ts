// SQLite's commit sync, set per call chain (write-durability.ts). One connection serves everyone, so the
// level is set as a caller takes the connection — never inside a transaction, where SQLite refuses it.
// Redoable commits are then synced soon after in the background (libuv's pool, not the main thread),
// so a power failure takes back milliseconds of processing rather than everything since the last
// durable commit.
import { open } from "node:fs/promises";
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from "kysely";
import type SqliteDatabase from "better-sqlite3";
import { currentWriteDurability } from "./write-durability.ts";

export type WalSync = {
  /** Asks for a sync; one already running may have begun before the latest commit, so one more follows it. */
  request(): void;
  /** Resolves when every sync asked for so far is done (closing waits for it). */
  settled(): Promise<void>;
  /** A barrier: resolves once a sync begun after the call is done; rejects if that sync failed. */
  sync(): Promise<void>;
  /** A sync has failed: it is reported, and from then on every commit syncs itself (SQLite's own fsync). */
  readonly failed: boolean;
};

/** Fsyncs the WAL file (any descriptor of a file flushes all of it), one sync at a time, later requests merged. */
export function walSync(walPath: string | null, onError: (err: Error) => void): WalSync {
  // Passes are numbered: a waiter needs the first pass that began after it asked, not the end of a busy loop.
  let asked = 0;
  let done = 0;
  let running: Promise<void> | null = null;
  let failed = false;
  const waiters: { pass: number; resolve(): void; reject(err: Error): void }[] = [];

  async function syncOnce(): Promise<Error | null> {
    try {
      const file = await open(walPath!, "r+");
      try {
        await file.sync();
      } finally {
        await file.close();
      }
      return null;
    } catch (err) {
      // No WAL file: nothing written since it was checkpointed away, which synced it.
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      failed = true;
      onError(err as Error);
      return err as Error;
    }
  }

  async function run() {
    while (done < asked) {
      const pass = asked;
      const error = await syncOnce();
      done = pass;
      for (let i = waiters.length - 1; i >= 0; i--) {
        const waiter = waiters[i]!;
        if (waiter.pass > pass) continue;
        waiters.splice(i, 1);
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
    }
    running = null;
  }

  const request = () => {
    if (!walPath) return;
    asked += 1;
    running ??= run();
  };
  return {
    request,
    settled: async () => {
      await running;
    },
    sync: () => {
      if (!walPath) return Promise.resolve();
      request();
      const pass = asked;
      return new Promise<void>((resolve, reject) => waiters.push({ pass, resolve, reject }));
    },
    get failed() {
      return failed;
    },
  };
}

/** `writes.since`: set by the connection when it runs a statement that writes, cleared here once synced. */
export function sqliteDialectWithSyncLevels(
  config: SqliteDialectConfig, sqlite: SqliteDatabase.Database, wal: WalSync, writes: { since: boolean },
): SqliteDialect {
  return new (class extends SqliteDialect {
    override createDriver(): Driver {
      return new SqliteDriverWithSyncLevels(config, sqlite, wal, writes);
    }
  })(config);
}

class SqliteDriverWithSyncLevels extends SqliteDriver {
  #level: "FULL" | "NORMAL" = "FULL";
  constructor(
    config: SqliteDialectConfig, private readonly sqlite: SqliteDatabase.Database, private readonly wal: WalSync,
    private readonly writes: { since: boolean },
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    const wanted = currentWriteDurability() === "redoable" && !this.wal.failed ? "NORMAL" : "FULL";
    try {
      // Kysely begins and ends a transaction while it holds the connection, so none is open here — unless
      // its rollback failed. Its owner has given up on it: end it rather than let this caller's writes join it.
      if (this.sqlite.inTransaction) this.sqlite.exec("rollback");
      if (wanted !== this.#level) {
        this.sqlite.pragma(`synchronous = ${wanted}`);
        this.#level = wanted;
      }
    } catch (err) {
      // Whoever waits for the connection next must still get it.
      await super.releaseConnection();
      throw err;
    }
    return connection;
  }

  override async releaseConnection(): Promise<void> {
    if (this.#level === "NORMAL" && this.writes.since) this.wal.request();
    // A durable commit has synced the log itself; what was written before it is on disk too.
    this.writes.since = false;
    await super.releaseConnection();
  }
}
