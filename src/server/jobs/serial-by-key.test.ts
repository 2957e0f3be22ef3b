import assert from "node:assert/strict";
import { it } from "node:test";
import { serialByKey } from "./serial-by-key.ts";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("runs calls with the same key one after another, in order, and other keys alongside", async () => {
  const serial = serialByKey();
  const log: string[] = [];
  const job = (name: string, ms: number) => async () => {
    log.push(`${name} start`);
    await tick(ms);
    log.push(`${name} end`);
    return name;
  };
  const results = await Promise.all([
    serial("alice@example.com", job("a1", 30)),
    serial("bob@example.com", job("b1", 5)),
    serial("alice@example.com", job("a2", 1)),
    serial(null, job("n1", 1)),
  ]);
  assert.deepEqual(results, ["a1", "b1", "a2", "n1"]);
  assert.ok(log.indexOf("a2 start") > log.indexOf("a1 end"), "a2 waits for a1");
  assert.ok(log.indexOf("b1 end") < log.indexOf("a1 end"), "bob's job does not wait for alice's");
  assert.ok(log.indexOf("n1 start") < log.indexOf("a1 end"), "a call without a key waits for nobody");
});

it("goes on with the next call after one fails", async () => {
  const serial = serialByKey();
  const failed = serial("k", async () => { throw new Error("boom"); });
  const next = serial("k", async () => "next");
  await assert.rejects(failed, /boom/);
  assert.equal(await next, "next");
});
