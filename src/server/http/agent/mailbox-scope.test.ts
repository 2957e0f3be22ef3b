// Object-level access: an agent of one mailbox can neither list nor read (by id or number) another's tickets.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { listAudit } from "../../modules/audit/audit.commands.ts";
import { buildHttpApp } from "../app.ts";

await forEachDialect("mailbox scope", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let cards: { authorization: string };
  let auditor: { authorization: string };
  let vip: { id: string; number: string; messageId: string; attachmentId: string; customerId: string };

  async function ingest(raw: Buffer, to: string) {
    await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: "x@example.net", rcptTo: [to] } });
    await rt.runner.drain();
  }
  const get = (url: string, who = cards) => app.inject({ method: "GET", url, headers: who });

  before(async () => {
    rt = await openTestRuntime(dialect, {
      mailboxes: [{ address: "support@example.com", name: "Support" }, { address: "vip@example.com", name: "VIP desk" }],
    });
    app = await buildHttpApp(rt.ctx);
    const boxes = await rt.ctx.db.selectFrom("mailboxes").select(["id", "address"]).execute();
    const support = boxes.find((b) => b.address === "support@example.com")!.id;
    await createAgent(rt.ctx, { email: "cards@example.com", name: "Cards", role: "agent", password: "cards-long-passphrase", mailboxIds: [support] });
    await createAgent(rt.ctx, { email: "audit@example.com", name: "Audit", role: "auditor", password: "audit-long-passphrase", mailboxIds: [support] });
    cards = { authorization: `Bearer ${(await issueToken(rt.ctx, "cards@example.com", "cards-long-passphrase")).token}` };
    auditor = { authorization: `Bearer ${(await issueToken(rt.ctx, "audit@example.com", "audit-long-passphrase")).token}` };

    await ingest(await makeMail({ from: "ann@example.net", to: "support@example.com", subject: "card declined" }), "support@example.com");
    await ingest(await makeMail({
      from: "rich@example.net", to: "vip@example.com", subject: "private banking question", html: "<p>secret plan</p>",
      attachments: [{ filename: "statement.png", content: Buffer.from("89504e470d0a1a0a", "hex"), contentType: "image/png" }],
    }), "vip@example.com");
    const row = await rt.ctx.db.selectFrom("tickets").selectAll().where("subject", "=", "private banking question").executeTakeFirstOrThrow();
    const message = await rt.ctx.db.selectFrom("messages").select("id").where("ticket_id", "=", row.id).executeTakeFirstOrThrow();
    const attachment = await rt.ctx.db.selectFrom("attachments").select("id").where("message_id", "=", message.id).executeTakeFirstOrThrow();
    vip = { id: row.id, number: `OK-${row.number}`, messageId: message.id, attachmentId: attachment.id, customerId: row.customer_id };
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("lists and counts only the agent's mailboxes", async () => {
    const list = (await get("/api/tickets?view=all")).json();
    assert.deepEqual(list.tickets.map((t: { subject: string }) => t.subject), ["card declined"]);
    const all = (await get("/api/views")).json().views.find((v: { id: string }) => v.id === "all");
    assert.equal(all.count, 1);
  });

  it("answers 404 for another mailbox's ticket, message, attachment and customer, and audits the try", async () => {
    const urls = [
      `/api/tickets/${vip.number}`, `/api/tickets/${vip.id}`, `/api/messages/${vip.messageId}/html`,
      `/api/attachments/${vip.attachmentId}`, `/api/attachments/${vip.attachmentId}?inline=1`, `/api/customers/${vip.customerId}`,
    ];
    for (const url of urls) {
      const res = await get(url);
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(res.body, /private banking|secret plan|rich@example/, url);
    }
    const missing = await get("/api/tickets/OK-999999");
    assert.equal(missing.json().error.message, (await get(`/api/tickets/${vip.number}`)).json().error.message, "a forbidden ticket looks missing");
    const patch = await app.inject({ method: "PATCH", url: `/api/tickets/${vip.number}`, payload: { status: "solved" }, headers: cards });
    assert.equal(patch.statusCode, 404);
    const reply = await app.inject({ method: "POST", url: `/api/tickets/${vip.number}/replies`, payload: { text: "hi" }, headers: cards });
    assert.equal(reply.statusCode, 404);
    const denied = (await listAudit(rt.ctx, { limit: 100 })).entries.filter((e) => e.action === "access.denied");
    assert.ok(denied.length >= 4, `denials audited (${denied.length})`);
  });

  it("lets auditors read but not change", async () => {
    assert.equal((await get("/api/tickets/OK-100001", auditor)).statusCode, 200);
    const res = await app.inject({ method: "PATCH", url: "/api/tickets/OK-100001", payload: { status: "solved" }, headers: auditor });
    assert.equal(res.statusCode, 403);
    const note = await app.inject({ method: "POST", url: "/api/tickets/OK-100001/notes", payload: { text: "x" }, headers: auditor });
    assert.equal(note.statusCode, 403);
  });
});
