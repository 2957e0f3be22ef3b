// The commit sync level each call chain gets from the one SQLite connection, and the background sync
// of redoable commits. (What a power failure would take back cannot be tested here; the level is.)
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, it } from "node:test";
import { sql } from "kysely";
import { connect, type DbExecutor } from "./connect.ts";
import { walSync } from "./sqlite-sync.ts";
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

it("the background sync ignores a log that is gone and reports one it cannot sync", async () => {
  const errors: Error[] = [];
  const missing = walSync(join(dir, "never-written.sqlite-wal"), (err) => errors.push(err));
  missing.request();
  await missing.settled();
  assert.equal(errors.length, 0);
  const broken = walSync(dir, (err) => errors.push(err));
  broken.request();
  broken.request();
  await broken.settled();
  await sleep(0);
  assert.ok(errors.length >= 1);
  assert.match(errors[0]!.message, /EISDIR/);
});
