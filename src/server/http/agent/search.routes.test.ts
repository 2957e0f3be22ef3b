// GET /api/search in process, per dialect: summaries with excerpts, the agent's mailbox scope, paging.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { buildHttpApp } from "../app.ts";

await forEachDialect("search API", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let admin: { authorization: string };
  let cards: { authorization: string };
  let vipId: string;

  async function ingest(from: string, to: string, subject: string, text: string) {
    await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ from, to, subject, text }), envelope: { mailFrom: from, rcptTo: [to] } });
    await rt.runner.drain();
    rt.clock.advance(60_000);
  }
  const search = (query: string, who = admin) => app.inject({ method: "GET", url: `/api/search?${query}`, headers: who });

  before(async () => {
    rt = await openTestRuntime(dialect, {
      mailboxes: [{ address: "support@example.com", name: "Support" }, { address: "vip@example.com", name: "VIP desk" }],
    });
    app = await buildHttpApp(rt.ctx);
    const boxes = await rt.ctx.db.selectFrom("mailboxes").select(["id", "address"]).execute();
    const supportId = boxes.find((b) => b.address === "support@example.com")!.id;
    vipId = boxes.find((b) => b.address === "vip@example.com")!.id;
    await createAgent(rt.ctx, { email: "admin@example.com", name: "Admin", role: "admin", password: "admin-long-passphrase" });
    await createAgent(rt.ctx, { email: "cards@example.com", name: "Cards", role: "agent", password: "cards-long-passphrase", mailboxIds: [supportId] });
    admin = { authorization: `Bearer ${(await issueToken(rt.ctx, "admin@example.com", "admin-long-passphrase")).token}` };
    cards = { authorization: `Bearer ${(await issueToken(rt.ctx, "cards@example.com", "cards-long-passphrase")).token}` };

    await ingest("ann@example.net", "support@example.com", "提现失败", "我的提现没有到账 <b>urgent</b>");
    await ingest("bob@example.net", "support@example.com", "提现 question", "提现要多久？");
    await ingest("rich@example.net", "vip@example.com", "大额提现", "VIP 提现 secret plan");
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("needs a signed-in agent", async () => {
    assert.equal((await app.inject({ method: "GET", url: "/api/search?q=%E6%8F%90%E7%8E%B0" })).statusCode, 401);
  });

  it("answers ticket summaries with escaped, highlighted excerpts, newest first", async () => {
    const res = await search(`q=${encodeURIComponent("提现")}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { results: { ticket: { subject: string; number: string; customerAddress: string }; excerpt: string }[]; nextCursor: string | null };
    assert.deepEqual(body.results.map((r) => r.ticket.subject), ["大额提现", "提现 question", "提现失败"]);
    assert.equal(body.nextCursor, null);
    const first = body.results[2]!;
    assert.match(first.ticket.number, /^OK-\d+$/);
    assert.equal(first.ticket.customerAddress, "ann@example.net");
    assert.match(first.excerpt, /我的<mark>提现<\/mark>没有到账 &lt;b&gt;urgent&lt;\/b&gt;/);
  });

  it("keeps an agent to their mailboxes, even when they ask for another", async () => {
    const mine = (await search(`q=${encodeURIComponent("提现")}`, cards)).json();
    assert.deepEqual(mine.results.map((r: { ticket: { subject: string } }) => r.ticket.subject), ["提现 question", "提现失败"]);
    const other = (await search(`q=${encodeURIComponent("secret plan")}&mailbox=${vipId}`, cards)).json();
    assert.deepEqual(other.results, []);
    const adminVip = (await search(`q=${encodeURIComponent("提现")}&mailbox=${vipId}`)).json();
    assert.deepEqual(adminVip.results.map((r: { ticket: { subject: string } }) => r.ticket.subject), ["大额提现"]);
  });

  it("pages with the cursor and validates its input", async () => {
    const first = (await search(`q=${encodeURIComponent("提现")}&limit=2`)).json();
    assert.equal(first.results.length, 2);
    assert.ok(first.nextCursor);
    const second = (await search(`q=${encodeURIComponent("提现")}&limit=2&cursor=${first.nextCursor}`)).json();
    assert.deepEqual(second.results.map((r: { ticket: { subject: string } }) => r.ticket.subject), ["提现失败"]);
    assert.equal(second.nextCursor, null);
    assert.equal((await search("q=x&status=exploded")).statusCode, 400);
    assert.equal((await search("q=x&cursor=not-a-cursor")).statusCode, 400);
    const solved = (await search(`q=${encodeURIComponent("提现")}&status=solved`)).json();
    assert.deepEqual(solved.results, []);
  });
});
