// The commit sync level each call chain gets from the one SQLite connection, and the background sync
// of redoable commits. (What a power failure would take back cannot be tested here; the level is.)
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, it } from "node:test";
import { connect, type DbExecutor } from "./connect.ts";
import SqliteDatabase from "better-sqlite3";
import { Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";
import { sqliteDialectWithSyncLevels, walSync, type WalSync } from "./sqlite-sync.ts";
import { withWriteDurability } from "./write-durability.ts";

const dir = mkdtempSync(join(tmpdir(), "paydesk-durability-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const FULL = 2;
const NORMAL = 1;

it("commits durably by default and without waiting for the disk only in a redoable call chain", async () => {
  const syncErrors: Error[] = [];
  const { db, close } = connect({ url: join(dir, "levels.sqlite"), onSyncError: (err) => syncErrors.push(err) });
  const level = async (via: DbExecutor = db) => Number(Object.values((await sql`pragma synchronous`.execute(via)).rows[0] as object)[0]);
  try {
    await sql`create table t (n integer)`.execute(db);
    assert.equal(await level(), FULL);
    await withWriteDurability("redoable", async () => {
      assert.equal(await level(), NORMAL);
      await db.transaction().execute(async (trx) => {
        await sql`insert into t values (1)`.execute(trx);
        assert.equal(await level(trx), NORMAL);
      });
      // Durable work started from inside (a claim): durable again, and back after.
      assert.equal(await withWriteDurability("durable", () => level()), FULL);
      assert.equal(await level(), NORMAL);
    });
    // Interleaved call chains each get their own level from the shared connection.
    const seen = await Promise.all([
      withWriteDurability("redoable", async () => [await level(), await level()]),
      (async () => [await level(), await level()])(),
    ]);
    assert.deepEqual(seen, [[NORMAL, NORMAL], [FULL, FULL]]);
    assert.equal(await level(), FULL);
    assert.deepEqual(syncErrors, []);
  } finally {
    await close();
  }
});

it("ends a transaction its owner left open before the next caller's statements could join it", async () => {
  const { db, close } = connect({ url: join(dir, "orphan.sqlite") });
  try {
    await sql`create table t (n integer)`.execute(db);
    // A BEGIN outside Kysely's transaction API, left open when the connection is let go (as a failed rollback would).
    await db.connection().execute(async (held) => {
      await sql`begin`.execute(held);
      await sql`insert into t values (1)`.execute(held);
    });
    await withWriteDurability("durable", async () => {
      await sql`insert into t values (2)`.execute(db);
    });
    const rows = await sql<{ n: number }>`select n from t`.execute(db);
    assert.deepEqual(rows.rows, [{ n: 2 }]);
  } finally {
    await close();
  }
});

it("after a failed background sync, redoable work commits durably again", async () => {
  const sqlite = new SqliteDatabase(join(dir, "failed-sync.sqlite"));
  sqlite.pragma("journal_mode = WAL");
  const failedSync: WalSync = { request() {}, settled: async () => {}, sync: async () => {}, failed: true };
  const db = new Kysely<Database>({ dialect: sqliteDialectWithSyncLevels({ database: sqlite }, sqlite, failedSync, { since: false }) });
  try {
    const level = await withWriteDurability("redoable", async () => Number(Object.values((await sql`pragma synchronous`.execute(db)).rows[0] as object)[0]));
    assert.equal(level, FULL);
  } finally {
    await db.destroy();
  }
});

it("a sync barrier needs only a sync begun after it, not the end of a busy stream of them", async () => {
  const wal = join(dir, "busy.sqlite-wal");
  writeFileSync(wal, "frames");
  const syncs = walSync(wal, () => {});
  // Redoable writes keep asking, as a worker working off a backlog does.
  const busy = setInterval(() => syncs.request(), 1);
  try {
    const outcome = await Promise.race([syncs.sync().then(() => "synced"), sleep(3_000).then(() => "still waiting")]);
    assert.equal(outcome, "synced");
  } finally {
    clearInterval(busy);
    await syncs.settled();
  }
});

it("the background sync ignores a log that is gone and reports one it cannot sync", async () => {
  const errors: Error[] = [];
  const missing = walSync(join(dir, "never-written.sqlite-wal"), (err) => errors.push(err));
  missing.request();
  await missing.settled();
  assert.equal(errors.length, 0);
  const broken = walSync(dir, (err) => errors.push(err));
  broken.request();
  await assert.rejects(broken.sync(), /EISDIR/);
  await broken.settled();
  await sleep(0);
  assert.ok(errors.length >= 1);
  assert.match(errors[0]!.message, /EISDIR/);
  assert.equal(broken.failed, true);
  assert.equal(missing.failed, false);
});
