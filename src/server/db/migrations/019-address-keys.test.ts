// Migration 019 keys the last day's rows as intake keys new ones: by mailbox, not by spelling.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { Kysely } from "kysely";
import { acceptInbound } from "../../ingest/accept.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { keyRecentRows } from "./019-address-keys.ts";

await forEachDialect("migration 019", (dialect) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await openTestRuntime(dialect);
  });
  after(async () => rt.close());

  it("keys recent intake rows as intake does, and leaves older ones alone", async () => {
    const from = "Zhang.Wei+refund@GMAIL.com";
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ from }), envelope: { mailFrom: from, rcptTo: ["support@example.com"] } });
    const keyOf = async () => (await rt.ctx.db.selectFrom("inbound").select("address_key").where("id", "=", inboundId).executeTakeFirstOrThrow()).address_key;
    assert.equal(await keyOf(), "zhangwei@gmail.com");
    // As before the migration.
    await rt.ctx.db.updateTable("inbound").set({ address_key: null }).where("id", "=", inboundId).execute();
    const db = rt.ctx.db as unknown as Kysely<unknown>;
    await keyRecentRows(db, new Date(rt.clock.now().getTime() + 60_000).toISOString());
    assert.equal(await keyOf(), null, "received before the window");
    await keyRecentRows(db, new Date(rt.clock.now().getTime() - 60_000).toISOString());
    assert.equal(await keyOf(), "zhangwei@gmail.com");
  });
});
