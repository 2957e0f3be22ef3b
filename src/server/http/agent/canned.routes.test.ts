// Canned responses in process (app.inject), per dialect: who may write, and filling variables per ticket.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { buildHttpApp } from "../app.ts";

type Auth = { authorization: string };

await forEachDialect("canned response routes", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let supervisor: Auth;
  let agent: Auth;

  async function ingest(from: string, rcpt: string) {
    await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ from, to: rcpt }), envelope: { mailFrom: from, rcptTo: [rcpt] } });
    await rt.runner.drain();
    rt.clock.advance(1000);
  }
  async function signIn(email: string, name: string, role: "supervisor" | "agent", mailboxIds?: string[]): Promise<Auth> {
    await createAgent(rt.ctx, { email, name, role, password: "correct horse battery", mailboxIds });
    return { authorization: `Bearer ${(await issueToken(rt.ctx, email, "correct horse battery")).token}` };
  }

  before(async () => {
    rt = await openTestRuntime(dialect, {
      mailboxes: [{ address: "support@example.com", name: "OKPay Support" }, { address: "billing@example.com", name: "OKPay Billing" }],
    });
    app = await buildHttpApp(rt.ctx);
    await ingest("李伟 <li.wei@example.net>", "support@example.com"); // OK-100001
    await ingest("zhang@example.org", "billing@example.com"); // OK-100002
    const supportBox = (await rt.ctx.db.selectFrom("mailboxes").select("id").where("address", "=", "support@example.com").executeTakeFirstOrThrow()).id;
    supervisor = await signIn("sue@example.com", "Sue", "supervisor");
    agent = await signIn("andy@example.com", "Andy", "agent", [supportBox]);
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("lets supervisors create responses and not agents", async () => {
    const body = { title: "Withdrawal delay", body: "您好 {{customer.name}}，工单 {{ticket.number}} 正在处理。{{unknown}}\n— {{agent.name}}" };
    const denied = await app.inject({ method: "POST", url: "/api/canned-responses", payload: body, headers: agent });
    assert.equal(denied.statusCode, 403);
    const created = await app.inject({ method: "POST", url: "/api/canned-responses", payload: body, headers: supervisor });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().response.title, "Withdrawal delay");
    assert.equal((await app.inject({ method: "POST", url: "/api/canned-responses", payload: { title: " ", body: "x" }, headers: supervisor })).statusCode, 400);
  });

  it("lists responses for every agent, with the raw variables", async () => {
    const res = await app.inject({ method: "GET", url: "/api/canned-responses", headers: agent });
    assert.equal(res.statusCode, 200);
    const [response] = res.json().responses;
    assert.deepEqual(Object.keys(response).sort(), ["body", "id", "title"]);
    assert.match(response.body, /\{\{customer\.name\}\}/);
  });

  it("fills the variables for a ticket the agent may see, and only for such a ticket", async () => {
    const res = await app.inject({ method: "GET", url: "/api/canned-responses?ticket=OK-100001", headers: agent });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().responses[0].rendered, "您好 李伟，工单 OK-100001 正在处理。{{unknown}}\n— Andy");
    assert.equal((await app.inject({ method: "GET", url: "/api/canned-responses?ticket=OK-100002", headers: agent })).statusCode, 404);
  });
});
