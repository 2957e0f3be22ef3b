// Small blobs are rows of the caller's transaction, large ones files; both sealed, both read back alike.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { inTransaction } from "../context.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../test/harness.ts";

const LIMIT = 4096;

await forEachDialect("tiered blob store", (dialect) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await openTestRuntime(dialect, { storage: { inlineMaxBytes: LIMIT } });
  });
  after(async () => rt.close());

  const blobs = () => rt.ctx.services.blobs;
  const inlineRow = (key: string) => rt.ctx.db.selectFrom("blobs").selectAll().where("key", "=", key).executeTakeFirst();
  const fileOf = (key: string) => join(rt.dataDir, "blobs", key);

  it("keeps a blob up to the limit in the database, sealed, and reads it back", async () => {
    const bytes = Buffer.from("卡号 4111 1111 1111 1111 — small enough to keep inline".repeat(20));
    assert.ok(bytes.length <= LIMIT);
    await blobs().put("raw/2026-11-26/small.eml", bytes);
    const row = (await inlineRow("raw/2026-11-26/small.eml"))!;
    assert.equal(row.size, bytes.length);
    assert.ok(!Buffer.from(row.sealed).includes(Buffer.from("4111 1111")), "stored sealed, not in clear");
    assert.equal(existsSync(fileOf("raw/2026-11-26/small.eml")), false);
    assert.deepEqual(await blobs().get("raw/2026-11-26/small.eml"), bytes);
    assert.equal(await blobs().exists("raw/2026-11-26/small.eml"), true);
  });

  it("writes a blob above the limit to disk, sealed, and reads it back", async () => {
    const bytes = Buffer.alloc(LIMIT + 1, 0x41);
    await blobs().put("attachments/ab/large", bytes);
    assert.equal(await inlineRow("attachments/ab/large"), undefined);
    const onDisk = readFileSync(fileOf("attachments/ab/large"));
    assert.ok(!onDisk.includes(bytes.subarray(0, 64)), "stored sealed, not in clear");
    assert.deepEqual(await blobs().get("attachments/ab/large"), bytes);
    assert.equal(await blobs().exists("attachments/ab/large"), true);
  });

  it("takes a second write of the same key as already done (content-addressed keys)", async () => {
    const bytes = Buffer.from("same screenshot");
    await blobs().put("attachments/cd/same", bytes);
    await blobs().put("attachments/cd/same", bytes);
    const big = Buffer.alloc(LIMIT * 2, 0x42);
    await blobs().put("attachments/cd/big", big);
    await blobs().put("attachments/cd/big", big);
    assert.deepEqual(await blobs().get("attachments/cd/same"), bytes);
    assert.deepEqual(await blobs().get("attachments/cd/big"), big);
    assert.deepEqual(readdirSync(join(rt.dataDir, "blobs", "attachments", "cd")), ["big"], "no temporary files left behind");
  });

  it("writes inside the caller's transaction: kept on commit, gone on rollback", async () => {
    await inTransaction(rt.ctx, async (tx) => {
      await tx.services.blobs.put("outbound/kept.eml", Buffer.from("kept"));
      assert.deepEqual(await tx.services.blobs.get("outbound/kept.eml"), Buffer.from("kept"), "readable inside the transaction");
    });
    assert.deepEqual(await blobs().get("outbound/kept.eml"), Buffer.from("kept"));
    await assert.rejects(inTransaction(rt.ctx, async (tx) => {
      await tx.services.blobs.put("outbound/rolled-back.eml", Buffer.from("gone"));
      throw new Error("the change failed");
    }), /the change failed/);
    assert.equal(await blobs().exists("outbound/rolled-back.eml"), false);
  });

  it("says clearly when a key is missing, and deletes from either tier", async () => {
    await assert.rejects(blobs().get("raw/none.eml"), /ENOENT/);
    await blobs().delete("raw/2026-11-26/small.eml");
    await blobs().delete("attachments/ab/large");
    assert.equal(await blobs().exists("raw/2026-11-26/small.eml"), false);
    assert.equal(await blobs().exists("attachments/ab/large"), false);
  });
});

await forEachDialect("tiered blob store called with the root handle inside a transaction", (dialect) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await openTestRuntime(dialect, { storage: { inlineMaxBytes: LIMIT } });
  });
  after(async () => rt.close());

  it("joins the caller's transaction by itself, and stops doing so once it ends", async () => {
    const blobs = rt.ctx.services.blobs;
    let later: Promise<void> | null = null;
    await assert.rejects(inTransaction(rt.ctx, async () => {
      // Through the root handle, not the transaction: on SQLite a query outside it would wait forever.
      await blobs.put("outbound/forgot-within.eml", Buffer.from("joined"));
      assert.equal(await blobs.exists("outbound/forgot-within.eml"), true);
      // Scheduled inside, run after the rollback: must not use the finished transaction.
      later = new Promise<void>((resolve, reject) => setTimeout(() => blobs.put("outbound/after.eml", Buffer.from("after")).then(resolve, reject), 50));
      throw new Error("roll back");
    }), /roll back/);
    assert.equal(await blobs.exists("outbound/forgot-within.eml"), false, "rolled back with the transaction");
    await later;
    assert.deepEqual(await blobs.get("outbound/after.eml"), Buffer.from("after"));
  });
});
