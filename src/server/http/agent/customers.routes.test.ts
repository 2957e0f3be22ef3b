// The customer panel in process (app.inject), per dialect: addresses, previous tickets, notes, scope.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { buildHttpApp } from "../app.ts";

type Auth = { authorization: string };

await forEachDialect("customer panel routes", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let agent: Auth;
  let auditor: Auth;
  let liWei: string;
  let zhang: string;

  async function ingest(from: string, subject: string, rcpt = "support@example.com") {
    await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ from, to: rcpt, subject }), envelope: { mailFrom: from, rcptTo: [rcpt] } });
    await rt.runner.drain();
    rt.clock.advance(1000);
  }
  async function signIn(email: string, role: "agent" | "auditor", mailboxIds: string[]): Promise<Auth> {
    await createAgent(rt.ctx, { email, name: email.split("@")[0]!, role, password: "correct horse battery", mailboxIds });
    return { authorization: `Bearer ${(await issueToken(rt.ctx, email, "correct horse battery")).token}` };
  }
  const customerOf = async (address: string) =>
    (await rt.ctx.db.selectFrom("customer_addresses").select("customer_id").where("address", "=", address).executeTakeFirstOrThrow()).customer_id;
  const get = (url: string, who: Auth) => app.inject({ method: "GET", url, headers: who });
  const patch = (url: string, payload: object, who: Auth) => app.inject({ method: "PATCH", url, payload, headers: who });

  before(async () => {
    rt = await openTestRuntime(dialect, {
      mailboxes: [{ address: "support@example.com", name: "OKPay Support" }, { address: "billing@example.com", name: "OKPay Billing" }],
    });
    app = await buildHttpApp(rt.ctx);
    await ingest("Li Wei <li.wei@example.net>", "Withdrawal has not arrived"); // OK-100001
    await ingest("Li Wei <li.wei@example.net>", "Card was charged twice"); // OK-100002
    await ingest("Li Wei <li.wei@example.net>", "Invoice question", "billing@example.com"); // OK-100003
    await ingest("Zhang San <zhang@example.org>", "Refund please", "billing@example.com"); // OK-100004
    liWei = await customerOf("li.wei@example.net");
    zhang = await customerOf("zhang@example.org");
    // A second address known for the same customer.
    await rt.ctx.db.insertInto("customer_addresses").values({ address: "li.wei@work.example.com", customer_id: liWei, created_at: rt.clock.now().toISOString() }).execute();
    const supportBox = (await rt.ctx.db.selectFrom("mailboxes").select("id").where("address", "=", "support@example.com").executeTakeFirstOrThrow()).id;
    agent = await signIn("andy@example.com", "agent", [supportBox]);
    auditor = await signIn("audrey@example.com", "auditor", [supportBox]);
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("lists every address and the previous tickets the agent may see", async () => {
    const res = await get(`/api/customers/${liWei}`, agent);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.customer.id, liWei);
    assert.equal(body.customer.name, "Li Wei");
    assert.deepEqual(body.addresses.map((a: { address: string }) => a.address).sort(), ["li.wei@example.net", "li.wei@work.example.com"]);
    assert.deepEqual(body.tickets.map((t: { number: string }) => t.number), ["OK-100002", "OK-100001"], "newest first, billing's ticket left out");
    assert.equal(body.tickets[0].customerName, "Li Wei");
    assert.equal(body.notes, "");
  });

  it("answers 404 for a customer with no ticket in the agent's mailboxes, and audits the try", async () => {
    const res = await get(`/api/customers/${zhang}`, agent);
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, "not_found");
    assert.equal((await get("/api/customers/no-such-customer", agent)).statusCode, 404);
    const denied = await rt.ctx.db.selectFrom("audit_log").select("data_json").where("action", "=", "access.denied").execute();
    assert.ok(denied.some((d) => JSON.parse(d.data_json).customerId === zhang));
    assert.equal((await patch(`/api/customers/${zhang}`, { notes: "x" }, agent)).statusCode, 404);
  });

  it("saves notes with card numbers redacted, and shows them in the panel", async () => {
    const res = await patch(`/api/customers/${liWei}`, { notes: "Prefers Chinese. Paid with 4111 1111 1111 1111." }, agent);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().customer.id, liWei);
    assert.match(res.json().customer.notes, /^Prefers Chinese\./);
    assert.doesNotMatch(res.json().customer.notes, /4111 1111 1111 1111/);
    assert.equal((await get(`/api/customers/${liWei}`, agent)).json().notes, res.json().customer.notes);
  });

  it("lets auditors read the panel but not change notes", async () => {
    assert.equal((await get(`/api/customers/${liWei}`, auditor)).statusCode, 200);
    assert.equal((await patch(`/api/customers/${liWei}`, { notes: "changed" }, auditor)).statusCode, 403);
    assert.equal((await patch(`/api/customers/${liWei}`, { notes: 42 }, agent)).statusCode, 400);
    assert.equal((await patch(`/api/customers/${liWei}`, { notes: "x".repeat(10_001) }, agent)).statusCode, 400);
  });
});
