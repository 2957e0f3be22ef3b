// The cursor rows the poller keeps, per dialect (upserts and bigint UIDs differ between engines).
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import {
  advanceImapCursor, findImapCursor, listImapCursors, openImapCursor, setImapAccountState,
} from "../../modules/inbound/imap-cursor.repo.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";

await forEachDialect("imap cursor", (dialect) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await openTestRuntime(dialect);
  });
  after(async () => rt.close());

  it("records a failure before the folder was ever opened", async () => {
    await setImapAccountState(rt.ctx, "support", "backoff", "ECONNREFUSED: connect ECONNREFUSED");
    const cursor = await findImapCursor(rt.ctx, "support");
    assert.deepEqual({ ...cursor, updatedAt: undefined }, {
      account: "support", uidValidity: null, lastUid: 0, state: "backoff", lastError: "ECONNREFUSED: connect ECONNREFUSED", updatedAt: undefined,
    });
  });

  it("opens, advances only forward and only within one UIDVALIDITY, and keeps the position on failure", async () => {
    await openImapCursor(rt.ctx, "support", "3857529045", 0);
    assert.equal((await findImapCursor(rt.ctx, "support"))?.state, "active");
    await advanceImapCursor(rt.ctx, "support", "3857529045", 4_000_000_000);
    await advanceImapCursor(rt.ctx, "support", "3857529045", 7);
    await advanceImapCursor(rt.ctx, "support", "1", 9_000_000_000);
    let cursor = await findImapCursor(rt.ctx, "support");
    assert.equal(cursor?.lastUid, 4_000_000_000);
    assert.equal(cursor?.uidValidity, "3857529045");

    await setImapAccountState(rt.ctx, "support", "disabled", "AUTHENTICATIONFAILED: Authentication failed.");
    cursor = await findImapCursor(rt.ctx, "support");
    assert.equal(cursor?.state, "disabled");
    assert.equal(cursor?.lastUid, 4_000_000_000);

    await openImapCursor(rt.ctx, "support", "3857529999", 0);
    cursor = await findImapCursor(rt.ctx, "support");
    assert.deepEqual([cursor?.uidValidity, cursor?.lastUid, cursor?.state, cursor?.lastError], ["3857529999", 0, "active", null]);
    assert.equal((await listImapCursors(rt.ctx)).length, 1);
  });
});
