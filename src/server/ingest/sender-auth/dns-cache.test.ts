import assert from "node:assert/strict";
import { it } from "node:test";
import { cachingResolver } from "./dns-cache.ts";

function fakeDns() {
  const asked: string[] = [];
  let failNext: string | null = null;
  const resolve = async (name: string, rrtype: string) => {
    asked.push(`${rrtype} ${name}`);
    if (failNext) {
      const code = failNext;
      failNext = null;
      throw Object.assign(new Error(`query${rrtype} ${code} ${name}`), { code });
    }
    return [[`answer for ${name}`]];
  };
  return { asked, resolve, fail: (code: string) => (failNext = code) };
}

it("answers a repeated question from the cache until it expires", async () => {
  let clock = 0;
  const dns = fakeDns();
  const cached = cachingResolver(dns.resolve, { ttlMs: 1000, now: () => clock });
  assert.deepEqual(await cached("_dmarc.Example.net", "TXT"), [["answer for _dmarc.Example.net"]]);
  await cached("_dmarc.example.net", "TXT");
  await Promise.all([cached("example.org", "TXT"), cached("example.org", "TXT")]);
  assert.deepEqual(dns.asked, ["TXT _dmarc.Example.net", "TXT example.org"], "one lookup per question, names compared without case");
  clock = 1001;
  await cached("_dmarc.example.net", "TXT");
  assert.equal(dns.asked.length, 3, "asked again after the time to live");
});

it("keeps 'no such record' briefly and forgets failures that say nothing about the record", async () => {
  let clock = 0;
  const dns = fakeDns();
  const cached = cachingResolver(dns.resolve, { ttlMs: 10_000, negativeTtlMs: 100, now: () => clock });
  dns.fail("ENOTFOUND");
  await assert.rejects(cached("nosuch.example", "TXT"), { code: "ENOTFOUND" });
  await assert.rejects(cached("nosuch.example", "TXT"), { code: "ENOTFOUND" });
  assert.equal(dns.asked.length, 1);
  clock = 101;
  assert.ok(await cached("nosuch.example", "TXT"), "asked again once the negative answer expired");
  dns.fail("ETIMEOUT");
  await assert.rejects(cached("slow.example", "TXT"), { code: "ETIMEOUT" });
  assert.ok(await cached("slow.example", "TXT"), "a timeout is not kept");
  assert.equal(dns.asked.length, 4);
});

it("holds at most maxEntries answers", async () => {
  const dns = fakeDns();
  const cached = cachingResolver(dns.resolve, { maxEntries: 2 });
  for (const n of ["a", "b", "c", "a"]) await cached(`${n}.example`, "TXT");
  assert.deepEqual(dns.asked, ["TXT a.example", "TXT b.example", "TXT c.example", "TXT a.example"], "the oldest entry made room");
});
