// SQLite's commit sync, done off the main thread. Every commit runs with `synchronous=NORMAL`: SQLite
// writes the log but does not fsync it on the (one, main) thread. What a caller's durability asks for is
// then met here, as it lets go of the connection:
// - durable (the default): the caller's call resolves only once a fsync of the log begun after its
//   commit is done. The fsync runs in libuv's pool, and concurrent callers share one (group commit), so
//   an SMTP 250 still follows a commit on disk while the main thread goes on with other work;
// - redoable: a fsync is asked for and nobody waits for it, so a power failure takes back milliseconds.
// If a fsync ever fails, every commit from then on syncs itself (`synchronous=FULL`, SQLite's own fsync).
import { open, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from "kysely";
import type SqliteDatabase from "better-sqlite3";
import { currentWriteDurability } from "./write-durability.ts";

export type WalSync = {
  /** Asks for a sync; one already running may have begun before the latest commit, so one more follows it. */
  request(): void;
  /** Resolves when every sync asked for so far is done. */
  settled(): Promise<void>;
  /** Waits for the syncs asked for, then lets go of the log file (before the database closes). */
  close(): Promise<void>;
  /** A barrier: resolves once a sync begun after the call is done; rejects if that sync failed. */
  sync(): Promise<void>;
  /**
   * SQLite must sync its own commits: there is no log file to sync (not in WAL mode: a file system that
   * refuses it, or an in-memory database), or a sync has failed (reported; from then on, for good).
   */
  readonly failed: boolean;
};

/** Fsyncs the WAL file (any descriptor of a file flushes all of it), one sync at a time, later requests merged. */
export function walSync(walPath: string | null, onError: (err: Error) => void): WalSync {
  // Passes are numbered: a waiter needs the first pass that began after it asked, not the end of a busy loop.
  let asked = 0;
  let done = 0;
  let running: Promise<void> | null = null;
  /** The first failed sync: every wait from then on is refused with it. */
  let failure: Error | null = null;
  let closed = false;
  const waiters: { pass: number; resolve(): void; reject(err: Error): void }[] = [];

  // Kept open: SQLite reuses its log file for as long as the database is open (a checkpoint rewinds it,
  // never replaces it), and opening it for each sync would cost two more trips to libuv's pool.
  let file: FileHandle | null = null;

  async function openLog(path: string): Promise<FileHandle> {
    const handle = await open(path, "r+");
    // SQLite (synchronous=FULL) syncs the directory of a log it has just created; the log is created
    // anew after every clean shutdown, and its name must survive a power failure with the first commits.
    const dir = await open(dirname(path), "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return handle;
  }

  async function syncOnce(): Promise<Error | null> {
    try {
      file ??= await openLog(walPath!);
      // As SQLite itself syncs its log: the data and the size, not the times.
      await file.datasync();
      return null;
    } catch (err) {
      // No WAL file: nothing written since it was checkpointed away, which synced it.
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      return err as Error;
    }
  }

  async function run() {
    while (done < asked && !failure) {
      const pass = asked;
      const error = await syncOnce();
      done = pass;
      if (error) {
        // A failed fsync may have dropped the pages it could not write; a later one can report success
        // without them. So no wait is ever answered "on disk" again: the driver lets SQLite sync itself.
        failure = error;
        onError(error);
      }
      for (let i = waiters.length - 1; i >= 0; i--) {
        const waiter = waiters[i]!;
        if (waiter.pass > pass && !failure) continue;
        waiters.splice(i, 1);
        if (failure) waiter.reject(failure);
        else waiter.resolve();
      }
    }
    running = null;
  }

  const request = () => {
    if (!walPath || failure || closed) return;
    asked += 1;
    running ??= run();
  };
  return {
    request,
    settled: async () => {
      await running;
    },
    close: async () => {
      closed = true;
      await running;
      await file?.close();
      file = null;
    },
    sync: () => {
      if (!walPath) return Promise.resolve();
      if (failure) return Promise.reject(failure);
      if (closed) return Promise.reject(new Error("the database is closed"));
      request();
      const pass = asked;
      return new Promise<void>((resolve, reject) => waiters.push({ pass, resolve, reject }));
    },
    get failed() {
      return failure !== null || walPath === null;
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
  #level: "FULL" | "NORMAL" | null = null;
  constructor(
    config: SqliteDialectConfig, private readonly sqlite: SqliteDatabase.Database, private readonly wal: WalSync,
    private readonly writes: { since: boolean },
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    const wanted = this.wal.failed ? "FULL" : "NORMAL";
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
    const wrote = this.writes.since && this.#level === "NORMAL";
    // A FULL commit has synced the log itself; what was written before it is on disk too.
    this.writes.since = false;
    // Let go first: the next caller runs its statements while this one waits for the disk.
    await super.releaseConnection();
    if (!wrote) return;
    if (currentWriteDurability() === "durable") await this.wal.sync();
    else this.wal.request();
  }
}
