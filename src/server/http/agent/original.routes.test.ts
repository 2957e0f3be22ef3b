// Opening a received message's original over the API, per dialect: auditors only, within their
// mailboxes, with a reason, every opening in the audit log.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { replyToTicket } from "../../modules/tickets/reply.commands.ts";
import { buildHttpApp } from "../app.ts";

const PASSWORD = "correct horse battery";
const CARD = "4111 1111 1111 1111";

await forEachDialect("original message routes", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let raw: Buffer;
  const ids: Record<string, string> = {};
  const as = async (email: string) => ({ authorization: `Bearer ${(await issueToken(rt.ctx, email, PASSWORD)).token}` });
  const open = async (email: string, url: string, reason = "Chargeback dispute 2026-118: the bank asks for the customer's mail as received") =>
    app.inject({ method: "POST", url, headers: await as(email), payload: { reason } });
  const audit = (action: string) => rt.ctx.db.selectFrom("audit_log").selectAll().where("action", "=", action).execute();

  before(async () => {
    rt = await openTestRuntime(dialect, {
      mailboxes: [{ address: "support@example.com", name: "OKPay Support" }, { address: "vip@example.com", name: "VIP desk" }],
    });
    app = await buildHttpApp(rt.ctx);
    const mailbox = async (address: string) => (await rt.ctx.db.selectFrom("mailboxes").select("id").where("address", "=", address).executeTakeFirstOrThrow()).id;
    await createAgent(rt.ctx, { email: "audrey@example.com", name: "Audrey", role: "auditor", password: PASSWORD, mailboxIds: [await mailbox("support@example.com")] });
    await createAgent(rt.ctx, { email: "vera@example.com", name: "Vera", role: "auditor", password: PASSWORD, mailboxIds: [await mailbox("vip@example.com")] });
    await createAgent(rt.ctx, { email: "andy@example.com", name: "Andy", role: "agent", password: PASSWORD, mailboxIds: [await mailbox("support@example.com")] });
    await createAgent(rt.ctx, { email: "ada@example.com", name: "Ada", role: "admin", password: PASSWORD });
    raw = await makeMail({ subject: "Charged twice", text: `My card ${CARD} was charged twice. 密码: hunter2abc` });
    ids.inbound = (await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: "li.wei@example.net", rcptTo: ["support@example.com"] } })).inboundId;
    const loop = await makeMail({ from: "support@example.com", subject: "Our own mail, looped back" });
    ids.dropped = (await acceptInbound(rt.ctx, { channel: "smtp", raw: loop, envelope: { mailFrom: "support@example.com", rcptTo: ["support@example.com"] } })).inboundId;
    await rt.runner.drain();
    const row = await rt.ctx.db.selectFrom("inbound").select(["message_id", "ticket_id"]).where("id", "=", ids.inbound).executeTakeFirstOrThrow();
    ids.message = row.message_id!;
    const reply = await replyToTicket({ ...rt.ctx, actor: { kind: "system", id: null } }, row.ticket_id!, { text: "We are looking into it." });
    ids.outbound = reply.messageId;
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("gives an auditor the message exactly as received, secrets included, and logs who, what and why", async () => {
    const stored = await rt.ctx.db.selectFrom("messages").select("text_body").where("id", "=", ids.message!).executeTakeFirstOrThrow();
    assert.doesNotMatch(stored.text_body, /4111 1111 1111 1111/);
    const res = await open("audrey@example.com", `/api/messages/${ids.message}/original`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.rawPayload, raw);
    assert.match(res.headers["content-disposition"] as string, /^attachment; filename\*=UTF-8''OK-100001-[0-9a-f-]+\.eml$/);
    assert.equal(res.headers["content-type"], "application/octet-stream");
    assert.match(res.headers["content-security-policy"] as string, /sandbox/);
    const [entry] = await audit("data.revealed");
    const audrey = await rt.ctx.db.selectFrom("agents").select("id").where("email", "=", "audrey@example.com").executeTakeFirstOrThrow();
    assert.equal(entry!.actor_id, audrey.id);
    const data = JSON.parse(entry!.data_json) as Record<string, string>;
    assert.equal(data.messageId, ids.message);
    assert.match(data.reason!, /Chargeback dispute/);
    assert.equal(data.sha256, res.headers["x-content-sha256"]);
  });

  it("opens a dropped message's original from its intake record", async () => {
    const res = await open("audrey@example.com", `/api/intake/${ids.dropped}/original`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.rawPayload.toString(), /Our own mail, looped back/);
  });

  it("follows a message's ticket when it moves to another mailbox, whatever mailbox received it", async () => {
    const vip = await rt.ctx.db.selectFrom("mailboxes").select("id").where("address", "=", "vip@example.com").executeTakeFirstOrThrow();
    const { ticket_id } = await rt.ctx.db.selectFrom("inbound").select("ticket_id").where("id", "=", ids.inbound!).executeTakeFirstOrThrow();
    const support = await rt.ctx.db.selectFrom("tickets").select("mailbox_id").where("id", "=", ticket_id!).executeTakeFirstOrThrow();
    await rt.ctx.db.updateTable("tickets").set({ mailbox_id: vip.id }).where("id", "=", ticket_id!).execute();
    try {
      for (const url of [`/api/intake/${ids.inbound}/original`, `/api/messages/${ids.message}/original`]) {
        assert.equal((await open("audrey@example.com", url)).statusCode, 404, url);
        assert.equal((await open("vera@example.com", url)).statusCode, 200, url);
      }
    } finally {
      await rt.ctx.db.updateTable("tickets").set({ mailbox_id: support.mailbox_id }).where("id", "=", ticket_id!).execute();
    }
  });

  it("refuses everyone but auditors, wants a reason, and answers outside the auditor's mailboxes as if nothing were there", async () => {
    const before = (await audit("data.revealed")).length;
    for (const email of ["andy@example.com", "ada@example.com"]) {
      assert.equal((await open(email, `/api/messages/${ids.message}/original`)).statusCode, 403, email);
    }
    assert.equal((await open("audrey@example.com", `/api/messages/${ids.message}/original`, "  because ")).statusCode, 400);
    const deniedBefore = (await audit("access.denied")).length;
    assert.equal((await open("vera@example.com", `/api/messages/${ids.message}/original`)).statusCode, 404);
    assert.equal((await open("vera@example.com", `/api/intake/${ids.dropped}/original`)).statusCode, 404);
    assert.equal((await audit("access.denied")).length, deniedBefore + 2);
    // Our own replies have no received original.
    assert.equal((await open("audrey@example.com", `/api/messages/${ids.outbound}/original`)).statusCode, 404);
    assert.equal((await audit("data.revealed")).length, before);
  });
});
