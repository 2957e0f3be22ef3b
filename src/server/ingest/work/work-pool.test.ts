// The pool keeps working when a thread dies or hangs: the affected call fails with the reason, the
// thread is replaced, later calls succeed. DNS questions are answered by the main thread's resolver.
import assert from "node:assert/strict";
import { after, it } from "node:test";
import type { DecodedContent } from "../inbound-message.ts";
import { workPool } from "./work-pool.ts";

const resolver = async (name: string) => {
  if (name === "known.example") return [["v=spf1 -all"]];
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
};
const pool = workPool(1, resolver, { callTimeoutMs: 1_500, workerModule: new URL("./work-pool.fixture.ts", import.meta.url) });
after(() => pool.close());

const decode = (text: string) => pool.decode(Buffer.from(text)) as Promise<DecodedContent>;

it("runs calls on the thread and hands attachment bytes back as Buffers", async () => {
  const content = await decode("hello");
  assert.equal(content.subject, "hello");
  assert.ok(Buffer.isBuffer(content.attachments[0]!.content));
  assert.deepEqual([...content.attachments[0]!.content!], [1, 2, 3]);
});

it("answers the thread's DNS questions with the main thread's resolver, errors and codes included", async () => {
  assert.deepEqual((await pool.checkSender(Buffer.from("known.example"), { mta: "mx" })).summary, { dns: [["v=spf1 -all"]] });
  assert.deepEqual((await pool.checkSender(Buffer.from("unknown.example"), { mta: "mx" })).summary, { dns: "ENOTFOUND" });
});

it("passes a failure inside a call back as that call's error", async () => {
  await assert.rejects(decode("throw"), /cannot decode this/);
  assert.equal((await decode("still fine")).subject, "still fine");
});

it("fails the calls of a thread that dies, and carries on with a new thread", async () => {
  const dying = decode("exit");
  await assert.rejects(dying, /work thread stopped: exited with code 3/);
  assert.equal((await decode("after the crash")).subject, "after the crash");
});

it("stops a thread whose call hangs, and carries on with a new thread", async () => {
  await assert.rejects(decode("hang"), /work thread stopped: a call took over 1.5 s/);
  assert.equal((await decode("after the hang")).subject, "after the hang");
});

it("refuses calls once closed", async () => {
  const pending = decode("hang");
  await pool.close();
  await assert.rejects(pending, /work thread stopped: closing/);
  await assert.rejects(decode("late"), /work pool is closed/);
});
