// The live-update connection: events reach subscribers, a closed stream comes back with backoff.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLive, type LiveEvent } from "./live.ts";

class FakeSource {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  closed = false;
  listeners = new Map<string, (ev: MessageEvent) => void>();
  addEventListener(type: string, fn: (ev: MessageEvent) => void) {
    this.listeners.set(type, fn);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  send(type: string, data: unknown) {
    this.listeners.get(type)?.({ data: typeof data === "string" ? data : JSON.stringify(data) } as MessageEvent);
  }
  fail(closed: boolean) {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event("error"));
  }
}

function setup() {
  const sources: FakeSource[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const live = createLive({
    open: () => {
      const s = new FakeSource();
      sources.push(s);
      return s;
    },
    schedule: (fn, ms) => timers.push({ fn, ms }),
    cancel: () => undefined,
  });
  const events: LiveEvent[] = [];
  live.subscribe((e) => events.push(e));
  return { live, sources, timers, events };
}

describe("live updates", () => {
  it("delivers the three event kinds and ignores malformed data", () => {
    const { live, sources, events } = setup();
    live.start();
    sources[0]!.open();
    sources[0]!.send("ticket.created", { ticketId: "t1", ref: "OK-100001" });
    sources[0]!.send("message.created", { ticketId: "t1", ref: "OK-100001" });
    sources[0]!.send("ticket.updated", "not json");
    sources[0]!.send("ticket.updated", { ref: "no id" });
    assert.deepEqual(events, [
      { type: "ticket.created", ticketId: "t1", ref: "OK-100001" },
      { type: "message.created", ticketId: "t1", ref: "OK-100001" },
    ]);
    assert.equal(live.state, "open");
  });

  it("reconnects a closed stream with growing delays and asks views to catch up", () => {
    const { live, sources, timers, events } = setup();
    live.start();
    sources[0]!.open();
    sources[0]!.fail(false); // the browser retries this one itself
    assert.equal(timers.length, 0);
    sources[0]!.fail(true);
    assert.equal(live.state, "closed");
    assert.equal(timers[0]!.ms, 1000);
    timers[0]!.fn();
    sources[1]!.fail(true);
    assert.equal(timers[1]!.ms, 2000);
    timers[1]!.fn();
    sources[2]!.open();
    assert.deepEqual(events, [{ type: "reconnected", ticketId: null, ref: null }]);
    live.stop();
    assert.ok(sources[2]!.closed);
    assert.equal(live.state, "closed");
  });
});
