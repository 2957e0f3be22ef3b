// The mailbox scope every read goes through, on both dialects.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { childCtx, nowIso, type Ctx } from "../../context.ts";
import { newId } from "../../ids.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { createAgent, updateAgentAccess, type AgentRole } from "../agents/agent.commands.ts";
import { assertCanWrite, assertRole, assertTicketVisible, listVisibleMailboxes, loadAgentAccess, mailboxScope } from "./access.policy.ts";

await forEachDialect("access policy", (dialect) => {
  let rt: TestRuntime;
  let mailboxA: string;
  let mailboxB: string;
  let ticketA: { id: string; mailbox_id: string };
  let ticketB: { id: string; mailbox_id: string };

  async function actingAs(role: AgentRole, mailboxIds: string[]): Promise<Ctx> {
    const email = `${role}-${newId().slice(-6)}@example.com`;
    const { id } = await createAgent(rt.ctx, { email, name: role, role, password: "violet tram 42 harbour", mailboxIds });
    const access = await loadAgentAccess(rt.ctx, { id, role });
    return childCtx(rt.ctx, { actor: { kind: "agent", id, agent: access } });
  }

  before(async () => {
    rt = await openTestRuntime(dialect);
    mailboxA = (await rt.ctx.db.selectFrom("mailboxes").select("id").where("address", "=", "support@example.com").executeTakeFirstOrThrow()).id;
    mailboxB = newId();
    await rt.ctx.db.insertInto("mailboxes").values({ id: mailboxB, address: "vip@example.com", name: "VIP", created_at: nowIso(rt.ctx) }).execute();
    await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ from: "a@example.net", subject: "refund" }), envelope: { mailFrom: "a@example.net", rcptTo: ["support@example.com"] } });
    await rt.runner.drain();
    ticketA = await rt.ctx.db.selectFrom("tickets").select(["id", "mailbox_id"]).executeTakeFirstOrThrow();
    // The same ticket filed under mailbox B (only the mailbox decides).
    await rt.ctx.db.updateTable("tickets").set({ mailbox_id: mailboxB }).where("id", "=", ticketA.id).execute();
    ticketB = { id: ticketA.id, mailbox_id: mailboxB };
    ticketA = { id: newId(), mailbox_id: mailboxA };
  });
  after(async () => rt.close());

  it("gives admins, supervisors and the system every mailbox", async () => {
    assert.equal(mailboxScope(rt.ctx), "all");
    assert.equal(mailboxScope(await actingAs("admin", [])), "all");
    assert.equal(mailboxScope(await actingAs("supervisor", [])), "all");
    assert.equal((await listVisibleMailboxes(await actingAs("supervisor", []))).length, 2);
  });

  it("denies an agent of mailbox A a ticket of mailbox B with a 404, and audits the attempt", async () => {
    const ctx = await actingAs("agent", [mailboxA]);
    assert.deepEqual(mailboxScope(ctx), [mailboxA]);
    await assertTicketVisible(ctx, ticketA);
    await assert.rejects(assertTicketVisible(ctx, ticketB), { code: "not_found", message: "ticket not found" });
    const audit = await rt.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", "access.denied").execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_id, ctx.actor.id);
    assert.deepEqual(JSON.parse(audit[0]!.data_json), { resource: "ticket", ticketId: ticketB.id, mailboxId: mailboxB });
    assert.deepEqual((await listVisibleMailboxes(ctx)).map((m) => m.address), ["support@example.com"]);
  });

  it("follows membership changes and denies everything to an agent with no mailbox", async () => {
    const ctx = await actingAs("agent", []);
    assert.deepEqual(mailboxScope(ctx), []);
    await assert.rejects(assertTicketVisible(ctx, ticketA), { code: "not_found" });
    await updateAgentAccess(rt.ctx, ctx.actor.id!, { mailboxIds: [mailboxB] });
    const reloaded = childCtx(rt.ctx, { actor: { kind: "agent", id: ctx.actor.id, agent: await loadAgentAccess(rt.ctx, { id: ctx.actor.id!, role: "agent" }) } });
    await assertTicketVisible(reloaded, ticketB);
    // An agent actor without loaded access sees nothing (deny by default).
    assert.deepEqual(mailboxScope(childCtx(rt.ctx, { actor: { kind: "agent", id: ctx.actor.id } })), []);
  });

  it("lets auditors read but not write, and checks roles", async () => {
    const auditor = await actingAs("auditor", [mailboxA]);
    await assertTicketVisible(auditor, ticketA);
    assert.throws(() => assertCanWrite(auditor), { code: "forbidden" });
    assert.doesNotThrow(() => assertCanWrite(rt.ctx));
    const agent = await actingAs("agent", [mailboxA]);
    assert.doesNotThrow(() => assertCanWrite(agent));
    assert.throws(() => assertRole(agent, "admin", "supervisor"), { code: "forbidden" });
    assert.doesNotThrow(() => assertRole(auditor, "admin", "auditor"));
  });
});
