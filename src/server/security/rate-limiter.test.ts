// Rate limits hold under a flood of new keys, and clients are counted per IPv4 address or IPv6 /64.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createFailureLimiter } from "../http/agent/failure-limiter.ts";
import { clientKey } from "./client-key.ts";
import { createRateLimiter } from "./rate-limiter.ts";

describe("rate limiter", () => {
  it("allows `limit` takes per window, then refuses until the window has passed", () => {
    let t = 0;
    const limiter = createRateLimiter(3, 1000, () => t);
    assert.deepEqual([1, 2, 3, 4].map(() => limiter.take("a")), [true, true, true, false]);
    assert.equal(limiter.take("b"), true, "keys are counted apart");
    t = 1000;
    assert.equal(limiter.take("a"), true);
  });

  it("keeps a spent key through a flood of new ones: the table forgets unspent and expired keys first", () => {
    let t = 0;
    const limiter = createRateLimiter(2, 60_000, () => t, 100);
    limiter.take("victim");
    limiter.take("victim");
    assert.equal(limiter.take("victim"), false);
    for (let i = 0; i < 1000; i++) {
      t += 1;
      limiter.take(`junk-${i}`);
    }
    assert.equal(limiter.take("victim"), false, "still blocked after 1,000 new keys in a table of 100");
    t = 60_000;
    assert.equal(limiter.take("victim"), true, "until its window has passed");
  });

  it("failure limits survive a flood too, and a success clears them", () => {
    const t = 0;
    const limiter = createFailureLimiter(2, 60_000, () => t, 50);
    limiter.fail("agent-1");
    limiter.fail("agent-1");
    for (let i = 0; i < 500; i++) limiter.fail(`other-${i}`);
    assert.equal(limiter.isBlocked("agent-1"), true);
    limiter.clear("agent-1");
    assert.equal(limiter.isBlocked("agent-1"), false);
  });
});

describe("client key", () => {
  it("is the IPv4 address, however written", () => {
    assert.equal(clientKey("203.0.113.7"), "203.0.113.7");
    assert.equal(clientKey("::ffff:203.0.113.7"), "203.0.113.7");
  });
  it("is the /64 for IPv6, so stepping through one subscriber's addresses gains nothing", () => {
    assert.equal(clientKey("2001:db8:1:2::1"), "2001:db8:1:2::/64");
    assert.equal(clientKey("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
    assert.equal(clientKey("2001:0db8:0001:0002:0:0:0:9%eth0"), "2001:db8:1:2::/64");
    assert.notEqual(clientKey("2001:db8:1:3::1"), clientKey("2001:db8:1:2::1"));
  });
  it("never throws on odd input", () => {
    assert.equal(clientKey(undefined), "unknown");
    assert.equal(clientKey(""), "unknown");
    assert.equal(clientKey("not an address"), "not an address");
  });
});
