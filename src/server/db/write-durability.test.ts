// The commit sync level each call chain gets from the one SQLite connection, and the background sync
// of redoable commits. (What a power failure would take back cannot be tested here; the level is.)
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, it } from "node:test";
import { connect } from "./connect.ts";
import SqliteDatabase from "better-sqlite3";
import { Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";
import { sqliteDialectWithSyncLevels, walSync, type WalSync } from "./sqlite-sync.ts";
import { withWriteDurability } from "./write-durability.ts";

const dir = mkdtempSync(join(tmpdir(), "paydesk-durability-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const FULL = 2;
const NORMAL = 1;

/** Holds every file fsync and fdatasync until released, counting them: how long a caller waits for the disk shows. */
async function gateFileSyncs() {
  const probe = await open(join(dir, "probe"), "w");
  type Syncs = { sync(): Promise<void>; datasync(): Promise<void> };
  const proto = Object.getPrototypeOf(probe) as Syncs;
  await probe.close();
  const real = { sync: proto.sync, datasync: proto.datasync };
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  const state = { started: 0 };
  for (const name of ["sync", "datasync"] as const) {
    proto[name] = async function (this: unknown) {
      state.started += 1;
      await gate;
      return real[name].call(this);
    };
  }
  return {
    state,
    open: () => release(),
    close: () => {
      gate = Promise.resolve();
      release();
      Object.assign(proto, real);
    },
  };
}

const settledWithin = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => "done"), sleep(ms).then(() => "waiting")]);

it("a durable commit returns once its log is fsynced off the main thread; a redoable one does not wait", async () => {
  const { db, close } = connect({ url: join(dir, "levels.sqlite") });
  const level = async () => Number(Object.values((await sql`pragma synchronous`.execute(db)).rows[0] as object)[0]);
  await sql`create table t (n integer)`.execute(db);
  const syncs = await gateFileSyncs();
  try {
    // SQLite itself never fsyncs on the one thread every caller shares.
    assert.equal(await level(), NORMAL);
    assert.equal(await withWriteDurability("redoable", level), NORMAL);

    const durable = db.transaction().execute((trx) => sql`insert into t values (1)`.execute(trx));
    assert.equal(await settledWithin(durable, 200), "waiting");
    assert.ok(syncs.state.started >= 1, "the fsync has begun");
    // The connection is free meanwhile: others read (and see the commit) and write without waiting for it.
    assert.deepEqual((await sql<{ n: number }>`select n from t`.execute(db)).rows, [{ n: 1 }]);
    const redoable = withWriteDurability("redoable", () => sql`insert into t values (2)`.execute(db));
    assert.equal(await settledWithin(redoable, 200), "done");
    syncs.open();
    assert.equal(await settledWithin(durable, 2_000), "done");
  } finally {
    syncs.close();
    await close();
  }
});

it("a durable call that writes nothing does not wait for the disk", async () => {
  const { db, close } = connect({ url: join(dir, "reads.sqlite") });
  await sql`create table t (n integer)`.execute(db);
  const syncs = await gateFileSyncs();
  try {
    const before = syncs.state.started;
    assert.equal(await settledWithin(sql`select count(*) from t`.execute(db), 500), "done");
    assert.equal(syncs.state.started, before);
  } finally {
    syncs.close();
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
  const failedSync: WalSync = { request() {}, settled: async () => {}, close: async () => {}, sync: async () => {}, failed: true };
  const db = new Kysely<Database>({ dialect: sqliteDialectWithSyncLevels({ database: sqlite }, sqlite, failedSync, { since: false }) });
  try {
    const level = await withWriteDurability("redoable", async () => Number(Object.values((await sql`pragma synchronous`.execute(db)).rows[0] as object)[0]));
    assert.equal(level, FULL);
  } finally {
    await db.destroy();
  }
});

it("with no log to sync (a database not in WAL mode, or in memory), SQLite syncs every commit itself", async () => {
  const sqlite = new SqliteDatabase(join(dir, "rollback-journal.sqlite"));
  sqlite.pragma("journal_mode = DELETE");
  const db = new Kysely<Database>({ dialect: sqliteDialectWithSyncLevels({ database: sqlite }, sqlite, walSync(null, () => {}), { since: false }) });
  try {
    const level = () => sql`pragma synchronous`.execute(db).then((r) => Number(Object.values(r.rows[0] as object)[0]));
    assert.equal(await level(), FULL);
    assert.equal(await withWriteDurability("redoable", level), FULL);
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
    await syncs.close();
  }
});

it("the background sync ignores a log that is gone and reports one it cannot sync", async () => {
  const errors: Error[] = [];
  const missing = walSync(join(dir, "never-written.sqlite-wal"), (err) => errors.push(err));
  missing.request();
  await missing.close();
  assert.equal(errors.length, 0);
  const broken = walSync(dir, (err) => errors.push(err));
  broken.request();
  await assert.rejects(broken.sync(), /EISDIR/);
  // Never tried again: a retry after a failed fsync can report success for pages that were dropped.
  await assert.rejects(broken.sync(), /EISDIR/);
  await broken.close();
  await sleep(0);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /EISDIR/);
  assert.equal(broken.failed, true);
  assert.equal(missing.failed, false);
  await assert.rejects(missing.sync(), /closed/);
});
