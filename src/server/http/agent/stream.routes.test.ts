// The live event stream over a real socket: it follows the agent's mailboxes as an admin changes them,
// and ends when the agent loses access, rather than streaming on for as long as the tab stays open.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent, issueToken, updateAgentAccess } from "../../modules/agents/agent.commands.ts";
import { buildHttpApp } from "../app.ts";

const PASSWORD = "correct horse battery";

/** Reads an event stream as it comes: what has arrived so far, and whether the server ended it. */
function openStream(url: string, token: string) {
  const state = { text: "", ended: false };
  const controller = new AbortController();
  const done = fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal }).then(async (res) => {
    assert.equal(res.status, 200);
    const decoder = new TextDecoder();
    for await (const chunk of res.body!) state.text += decoder.decode(chunk as Uint8Array, { stream: true });
    state.ended = true;
  }).catch((err: Error) => {
    if (err.name !== "AbortError") throw err;
  });
  return { state, close: () => controller.abort(), done };
}

async function until(what: string, check: () => boolean, ms = 10_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

await forEachDialect("live event stream", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let url: string;
  const mailbox = async (address: string) => (await rt.ctx.db.selectFrom("mailboxes").select("id").where("address", "=", address).executeTakeFirstOrThrow()).id;
  const deliver = async (to: string, subject: string) => {
    const raw = await makeMail({ from: "customer@example.net", to, subject });
    await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: "customer@example.net", rcptTo: [to] } });
    await rt.runner.drain();
  };

  before(async () => {
    rt = await openTestRuntime(dialect, {
      mailboxes: [{ address: "support@example.com", name: "Support" }, { address: "vip@example.com", name: "VIP" }],
    });
    app = await buildHttpApp(rt.ctx, { streamKeepaliveMs: 150 });
    await app.listen({ host: "127.0.0.1", port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/stream`;
    await createAgent(rt.ctx, { email: "sam@example.com", name: "Sam", role: "agent", password: PASSWORD, mailboxIds: [await mailbox("support@example.com")] });
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("follows the agent's mailboxes, then ends when the agent is disabled", async () => {
    const agent = await rt.ctx.db.selectFrom("agents").select("id").where("email", "=", "sam@example.com").executeTakeFirstOrThrow();
    const stream = openStream(url, (await issueToken(rt.ctx, "sam@example.com", PASSWORD)).token);
    try {
      await until("the first keepalive", () => stream.state.text.includes(": keepalive"));
      await deliver("vip@example.com", "vip before");
      await deliver("support@example.com", "support one");
      await until("the support ticket", () => (stream.state.text.match(/event: ticket\.created/g) ?? []).length === 1);

      await updateAgentAccess(rt.ctx, agent.id, { mailboxIds: [await mailbox("support@example.com"), await mailbox("vip@example.com")] });
      const seen = stream.state.text.length;
      await until("a keepalive after the change", () => stream.state.text.slice(seen).includes(": keepalive"));
      await deliver("vip@example.com", "vip after");
      await until("the VIP ticket, now in scope", () => (stream.state.text.match(/event: ticket\.created/g) ?? []).length === 2);

      await updateAgentAccess(rt.ctx, agent.id, { disabled: true });
      await until("the stream to end", () => stream.state.ended, 5_000);
    } finally {
      stream.close();
      await stream.done;
    }
  });
});
