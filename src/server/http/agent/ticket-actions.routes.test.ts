// Merge and bulk routes in process (app.inject), per dialect: scope, roles, and the contract's answers.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { buildHttpApp } from "../app.ts";

type Auth = { authorization: string };

await forEachDialect("merge and bulk routes", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let supervisor: Auth;
  let agent: Auth;
  let auditor: Auth;

  async function ingest(from: string, subject: string, rcpt = "support@example.com") {
    await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ from, to: rcpt, subject }), envelope: { mailFrom: from, rcptTo: [rcpt] } });
    await rt.runner.drain();
    rt.clock.advance(1000);
  }
  async function signIn(email: string, role: "supervisor" | "agent" | "auditor", mailboxIds?: string[]): Promise<Auth> {
    await createAgent(rt.ctx, { email, name: email.split("@")[0]!, role, password: "correct horse battery", mailboxIds });
    return { authorization: `Bearer ${(await issueToken(rt.ctx, email, "correct horse battery")).token}` };
  }
  const post = (url: string, payload: object, who: Auth) => app.inject({ method: "POST", url, payload, headers: who });
  const get = (url: string, who: Auth) => app.inject({ method: "GET", url, headers: who });

  before(async () => {
    rt = await openTestRuntime(dialect, {
      mailboxes: [{ address: "support@example.com", name: "OKPay Support" }, { address: "billing@example.com", name: "OKPay Billing" }],
    });
    app = await buildHttpApp(rt.ctx);
    await ingest("li.wei@example.net", "Withdrawal has not arrived"); // OK-100001
    await ingest("li.wei@example.net", "Withdrawal still missing"); // OK-100002
    await ingest("zhang@example.org", "Refund please"); // OK-100003
    await ingest("li.wei@example.net", "Invoice question", "billing@example.com"); // OK-100004
    const boxes = await rt.ctx.db.selectFrom("mailboxes").select(["id", "address"]).execute();
    const supportBox = boxes.find((b) => b.address === "support@example.com")!.id;
    supervisor = await signIn("sue@example.com", "supervisor");
    agent = await signIn("andy@example.com", "agent", [supportBox]);
    auditor = await signIn("audrey@example.com", "auditor", [supportBox]);
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("answers 404 for a ticket outside the agent's mailboxes, as for a missing one", async () => {
    const outside = await post("/api/tickets/OK-100004/merge", { into: "OK-100002" }, agent);
    assert.equal(outside.statusCode, 404);
    const intoOutside = await post("/api/tickets/OK-100001/merge", { into: "OK-100004" }, agent);
    assert.equal(intoOutside.statusCode, 404);
    assert.equal((await post("/api/tickets/OK-999999/merge", { into: "OK-100002" }, agent)).statusCode, 404);
    assert.equal((await get("/api/tickets/OK-100001", supervisor)).json().ticket.status, "new", "nothing merged");
  });

  it("answers 409 for tickets of different customers and 400 for a bad body", async () => {
    const res = await post("/api/tickets/OK-100003/merge", { into: "OK-100002" }, agent);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.code, "conflict");
    assert.match(res.json().error.message, /different customers/);
    assert.equal((await post("/api/tickets/OK-100001/merge", {}, agent)).statusCode, 400);
  });

  it("lets auditors read but not merge", async () => {
    assert.equal((await post("/api/tickets/OK-100001/merge", { into: "OK-100002" }, auditor)).statusCode, 403);
  });

  it("merges and answers with the surviving ticket", async () => {
    const res = await post("/api/tickets/OK-100001/merge", { into: "OK-100002" }, agent);
    assert.equal(res.statusCode, 200, res.body);
    const { ticket } = res.json();
    assert.equal(ticket.number, "OK-100002");
    assert.equal(ticket.customerAddress, "li.wei@example.net");
    const page = (await get("/api/tickets/OK-100002", agent)).json();
    assert.equal(page.messages.length, 2);
    assert.ok(page.events.some((e: { kind: string }) => e.kind === "ticket.merged"));
    const source = (await get("/api/tickets/OK-100001", agent)).json();
    assert.equal(source.ticket.status, "closed");
    assert.ok(source.ticket.tags.includes("merged"));
    assert.equal((await post("/api/tickets/OK-100001/merge", { into: "OK-100002" }, agent)).statusCode, 409, "a ticket merges once");
  });

  it("bulk-updates the selection the agent may see and skips the rest", async () => {
    const ids: string[] = [];
    for (const n of ["OK-100002", "OK-100003", "OK-100004"]) ids.push((await get(`/api/tickets/${n}`, supervisor)).json().ticket.id);
    const res = await post("/api/tickets/bulk", { ids, patch: { priority: "urgent", addTags: ["escalated"] } }, agent);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { updated: 2 });
    const after = await Promise.all(ids.map(async (id) => (await get(`/api/tickets/${id}`, supervisor)).json()));
    assert.deepEqual(after.map((p) => p.ticket.priority === "urgent"), [true, true, false]);
    assert.ok(after[0].ticket.tags.includes("escalated"));
    assert.ok(after[1].events.some((e: { kind: string; data: { changes?: { tags?: unknown } } }) => e.kind === "ticket.updated" && e.data.changes?.tags));
    assert.ok(!after[2].events.some((e: { kind: string }) => e.kind === "ticket.updated"), "the skipped ticket records nothing");
  });

  it("refuses bulk changes from auditors, empty patches and oversized selections", async () => {
    const ids = [(await get("/api/tickets/OK-100002", supervisor)).json().ticket.id];
    assert.equal((await post("/api/tickets/bulk", { ids, patch: { status: "solved" } }, auditor)).statusCode, 403);
    assert.equal((await post("/api/tickets/bulk", { ids, patch: {} }, agent)).statusCode, 400);
    assert.equal((await post("/api/tickets/bulk", { ids: Array.from({ length: 501 }, (_, i) => `x${i}`), patch: { status: "solved" } }, agent)).statusCode, 400);
    assert.equal((await post("/api/tickets/bulk", { ids, patch: { status: "exploded" } }, agent)).statusCode, 400);
  });
});
