import assert from "node:assert/strict";
import { it } from "node:test";
import { percentile, summarize } from "./stats.ts";

it("takes nearest-rank percentiles", () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(sorted, 50), 50);
  assert.equal(percentile(sorted, 95), 95);
  assert.equal(percentile(sorted, 99), 99);
  assert.equal(percentile([7], 99), 7);
  const s = summarize([5, 1, 3, 2, 4]);
  assert.deepEqual([s.n, s.p50, s.p95, s.max, s.mean], [5, 3, 5, 5, 3]);
});
