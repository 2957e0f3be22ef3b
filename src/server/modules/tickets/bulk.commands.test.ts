// Bulk changes: each ticket through updateTicket (one event each), out-of-scope tickets skipped, all or nothing.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { childCtx, type Ctx } from "../../context.ts";
import { isAppError } from "../../errors.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent } from "../agents/agent.commands.ts";
import { BULK_LIMIT, bulkUpdateTickets } from "./bulk.commands.ts";
import { updateTicket } from "./ticket.commands.ts";

await forEachDialect("bulk ticket changes", (dialect) => {
  let rt: TestRuntime;
  let agentCtx: Ctx;
  let agentId: string;
  const support: string[] = [];
  let billing: string;

  async function ingest(rcpt: string, from: string) {
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ from, to: rcpt, subject: `question from ${from}` }), envelope: { mailFrom: from, rcptTo: [rcpt] } });
    await rt.runner.drain();
    rt.clock.advance(1000);
    return (await rt.ctx.db.selectFrom("inbound").select("ticket_id").where("id", "=", inboundId).executeTakeFirstOrThrow()).ticket_id!;
  }
  const ticket = (id: string) => rt.ctx.db.selectFrom("tickets").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const updates = (id: string) => rt.ctx.db.selectFrom("events").select("data_json").where("ticket_id", "=", id).where("kind", "=", "ticket.updated").orderBy("created_at").orderBy("id").execute();

  before(async () => {
    rt = await openTestRuntime(dialect, {
      mailboxes: [{ address: "support@example.com", name: "OKPay Support" }, { address: "billing@example.com", name: "OKPay Billing" }],
    });
    support.push(await ingest("support@example.com", "a@example.net"), await ingest("support@example.com", "b@example.net"));
    billing = await ingest("billing@example.com", "c@example.net");
    await updateTicket(rt.ctx, support[0]!, { tags: ["vip"] });
    const supportBox = (await ticket(support[0]!)).mailbox_id;
    agentId = (await createAgent(rt.ctx, { email: "agent@example.com", name: "Agent", role: "agent", password: "correct horse battery", mailboxIds: [supportBox] })).id;
    agentCtx = childCtx(rt.ctx, { actor: { kind: "agent", id: agentId, agent: { role: "agent", mailboxIds: [supportBox] } } });
  });
  after(async () => rt.close());

  it("updates the tickets in scope, one event each, and skips the rest", async () => {
    const result = await bulkUpdateTickets(agentCtx, [...support, billing, "no-such-ticket", support[0]!], {
      status: "pending", priority: "high", assigneeId: agentId, addTags: ["Refund-Batch"],
    });
    assert.deepEqual(result, { updated: 2 });
    for (const id of support) {
      const t = await ticket(id);
      assert.equal(t.status, "pending");
      assert.equal(t.priority, "high");
      assert.equal(t.assignee_id, agentId);
      const events = await updates(id);
      const last = JSON.parse(events[events.length - 1]!.data_json) as { changes: Record<string, { to: unknown }> };
      assert.deepEqual(Object.keys(last.changes).sort(), ["assigneeId", "priority", "status", "tags"]);
      assert.equal(last.changes.status!.to, "pending");
    }
    assert.deepEqual(JSON.parse((await ticket(support[0]!)).tags_json), ["refund-batch", "vip"], "added tags join the existing ones");
    assert.deepEqual(JSON.parse((await ticket(support[1]!)).tags_json), ["refund-batch"]);
    const outside = await ticket(billing);
    assert.equal(outside.status, "new");
    assert.equal(outside.assignee_id, null);
    assert.equal((await updates(billing)).length, 0);
  });

  it("records nothing for a ticket the patch does not change", async () => {
    const before = (await updates(support[1]!)).length;
    assert.deepEqual(await bulkUpdateTickets(agentCtx, [support[1]!], { status: "pending", addTags: ["refund-batch"] }), { updated: 1 });
    assert.equal((await updates(support[1]!)).length, before);
  });

  it("refuses an assignee who is not an active agent and changes nothing", async () => {
    await assert.rejects(bulkUpdateTickets(agentCtx, support, { priority: "low", assigneeId: "no-such-agent" }), (e) => isAppError(e) && e.code === "invalid_input");
    for (const id of support) assert.equal((await ticket(id)).priority, "high");
  });

  it("refuses more than the limit", async () => {
    const ids = Array.from({ length: BULK_LIMIT + 1 }, (_, i) => `id-${i}`);
    await assert.rejects(bulkUpdateTickets(agentCtx, ids, { status: "open" }), (e) => isAppError(e) && e.code === "invalid_input");
  });
});
