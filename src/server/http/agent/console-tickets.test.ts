// Console ticket API: views and counts, filters, presence, uploads on replies, collisions, previews, live feed.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createAgent, issueToken } from "../../modules/agents/agent.commands.ts";
import { createChangeFeed, type LiveEvent } from "../../realtime/change-feed.ts";
import { buildHttpApp } from "../app.ts";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");

await forEachDialect("console ticket API", (dialect) => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let alice: { authorization: string };
  let bob: { authorization: string };
  let aliceId: string;

  async function ingest(raw: Buffer) {
    await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: "x@example.net", rcptTo: ["support@example.com"] } });
    await rt.runner.drain();
  }
  const get = (url: string, who = alice) => app.inject({ method: "GET", url, headers: who });
  const post = (url: string, payload: unknown, who = alice) => app.inject({ method: "POST", url, payload: payload as object, headers: who });

  before(async () => {
    rt = await openTestRuntime(dialect);
    app = await buildHttpApp(rt.ctx);
    aliceId = (await createAgent(rt.ctx, { email: "alice@example.com", name: "Alice", role: "supervisor", password: "alice-long-passphrase" })).id;
    await createAgent(rt.ctx, { email: "bob@example.com", name: "Bob", role: "supervisor", password: "bob-long-passphrase" });
    alice = { authorization: `Bearer ${(await issueToken(rt.ctx, "alice@example.com", "alice-long-passphrase")).token}` };
    bob = { authorization: `Bearer ${(await issueToken(rt.ctx, "bob@example.com", "bob-long-passphrase")).token}` };
    await ingest(await makeMail({ from: "wang@example.net", subject: "提现失败 withdrawal failed" }));
    rt.clock.advance(60_000);
    await ingest(await makeMail({ from: "li@example.net", subject: "投诉 complaint about fees" }));
    rt.clock.advance(60_000);
    await ingest(await makeMail({ from: "zhao@example.net", subject: "question about my statement" }));
  });
  after(async () => {
    await app.close();
    await rt.close();
  });

  it("counts each view and lists what the view names", async () => {
    await app.inject({ method: "PATCH", url: "/api/tickets/OK-100001", payload: { assigneeId: aliceId, tags: ["vip"] }, headers: alice });
    const views = new Map((await get("/api/views")).json().views.map((v: { id: string; count: number }) => [v.id, v.count]));
    assert.equal(views.get("all"), 3);
    assert.equal(views.get("mine"), 1);
    assert.equal(views.get("unassigned"), 2);
    assert.equal(views.get("complaints"), 1);
    const mine = (await get("/api/tickets?view=mine")).json();
    assert.deepEqual(mine.tickets.map((t: { number: string }) => t.number), ["OK-100001"]);
    assert.equal(mine.tickets[0].assigneeName, "Alice");
    assert.equal(mine.tickets[0].customerAddress, "wang@example.net");
    const complaints = (await get("/api/tickets?view=complaints")).json();
    assert.deepEqual(complaints.tickets.map((t: { category: string }) => t.category), ["complaint"]);
  });

  it("filters by tag and creation date and sorts by creation", async () => {
    const tagged = (await get("/api/tickets?tag=vip")).json();
    assert.deepEqual(tagged.tickets.map((t: { number: string }) => t.number), ["OK-100001"]);
    assert.equal((await get("/api/tickets?tag=vi")).json().tickets.length, 0, "a tag matches whole, not by prefix");
    const first = (await get("/api/tickets?view=all")).json().tickets as { number: string; createdAt: string }[];
    const from = first.find((t) => t.number === "OK-100002")!.createdAt;
    const recent = (await get(`/api/tickets?from=${encodeURIComponent(from)}&sort=created`)).json();
    assert.deepEqual(recent.tickets.map((t: { number: string }) => t.number), ["OK-100003", "OK-100002"]);
    assert.equal((await get("/api/tickets?cursor=garbage")).statusCode, 400);
    assert.equal((await get("/api/tickets?status=bogus")).statusCode, 400);
  });

  it("tells each agent who else has the ticket open", async () => {
    const first = (await post("/api/tickets/OK-100002/presence", {})).json();
    assert.deepEqual(first.viewers, []);
    const second = (await post("/api/tickets/OK-100002/presence", {}, bob)).json();
    assert.deepEqual(second.viewers.map((v: { name: string }) => v.name), ["Alice"]);
    rt.clock.advance(60_000);
    assert.deepEqual((await post("/api/tickets/OK-100002/presence", {}, bob)).json().viewers, [], "a stale heartbeat no longer counts");
  });

  it("sends uploaded files with a reply and refuses to answer blind", async () => {
    const up = await app.inject({ method: "POST", url: "/api/uploads?filename=receipt.png", payload: PNG, headers: { ...alice, "content-type": "application/octet-stream" } });
    assert.equal(up.statusCode, 201);
    assert.equal(up.json().contentType, "image/png", "the sniffed type wins");
    const page = (await get("/api/tickets/OK-100001")).json();
    const seen = page.lastMessageId as string;
    await ingest(await makeMail({ from: "wang@example.net", subject: "Re: 提现失败 withdrawal failed [#OK-100001]", text: "any news?" }));
    const blind = await post("/api/tickets/OK-100001/replies", { text: "We are on it.", uploadIds: [up.json().id], expectedLastMessageId: seen });
    assert.equal(blind.statusCode, 409);
    const sent = await post("/api/tickets/OK-100001/replies", { text: "We are on it.", uploadIds: [up.json().id], expectedLastMessageId: seen, force: true });
    assert.equal(sent.statusCode, 201);
    const after = (await get("/api/tickets/OK-100001")).json();
    const outbound = after.messages.find((m: { direction: string }) => m.direction === "outbound");
    assert.equal(outbound.authorName, "Alice");
    assert.equal(outbound.attachments[0].filename, "receipt.png");
    const bytes = await get(outbound.attachments[0].previewUrl);
    assert.equal(bytes.headers["content-type"], "image/png");
    assert.match(String(bytes.headers["content-disposition"]), /^inline/);
    assert.deepEqual(bytes.rawPayload, PNG);
    const text = await app.inject({ method: "POST", url: "/api/uploads?filename=notes.json", payload: '{"a":1}', headers: { ...alice, "content-type": "application/json" } });
    assert.equal(text.statusCode, 201, "a JSON file is stored as a file, not parsed");
    assert.equal(text.json().size, 7);
    const others = await post(`/api/tickets/OK-100001/replies`, { text: "x", uploadIds: [up.json().id] }, bob);
    assert.equal(others.statusCode, 400, "another agent's upload cannot be attached");
  });

  it("sends rich-text replies with only formatting kept and secrets redacted", async () => {
    const res = await post("/api/tickets/OK-100003/replies", {
      text: "Refund sent. Card 4111 1111 1111 1111",
      html: '<p><b>Refund sent.</b> <a href="javascript:alert(1)">x</a><img src="http://evil.test/t.png"><script>alert(1)</script> Card 4111 1111 1111 1111</p>',
    });
    assert.equal(res.statusCode, 201);
    const row = await rt.ctx.db.selectFrom("messages").select(["html_body", "text_body"]).where("id", "=", res.json().messageId).executeTakeFirstOrThrow();
    assert.match(row.html_body!, /<b>Refund sent\.<\/b>/);
    assert.doesNotMatch(row.html_body!, /script|javascript:|<img|4111 1111 1111 1111/);
    assert.match(row.html_body!, /1111/, "the last four digits stay");
    const mail = await rt.ctx.db.selectFrom("outbound_mail").select("raw_blob_key").where("id", "=", res.json().outboundId).executeTakeFirstOrThrow();
    const raw = (await rt.ctx.services.blobs.get(mail.raw_blob_key!)).toString();
    assert.match(raw, /Content-Type: text\/html/);
    assert.match(raw, /Content-Type: text\/plain/);
  });

  it("never previews an attachment that is not a plain image", async () => {
    await ingest(await makeMail({ from: "sun@example.net", subject: "see file", attachments: [{ filename: "x.svg", content: "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", contentType: "image/svg+xml" }] }));
    const list = (await get("/api/tickets?view=all")).json().tickets as { number: string; subject: string }[];
    const ref = list.find((t) => t.subject === "see file")!.number;
    const page = (await get(`/api/tickets/${ref}`)).json();
    const svg = page.messages[0].attachments[0];
    assert.equal(svg.previewUrl, null);
    const res = await get(`${svg.url}?inline=1`);
    assert.equal(res.headers["content-type"], "application/octet-stream");
    assert.match(String(res.headers["content-disposition"]), /^attachment/);
  });

  it("warns when a sender's domain imitates ours", async () => {
    await ingest(await makeMail({ from: "security@examp1e.com", subject: "verify your account" }));
    await ingest(await makeMail({ from: "real.person@mail.cn", subject: "ordinary question" }));
    const list = (await get("/api/tickets?view=all")).json().tickets as { number: string; subject: string }[];
    const fake = (await get(`/api/tickets/${list.find((t) => t.subject === "verify your account")!.number}`)).json();
    assert.equal(fake.messages[0].lookalike.resembles, "example.com");
    assert.equal(fake.messages[0].lookalike.domain, "examp1e.com");
    const plain = (await get(`/api/tickets/${list.find((t) => t.subject === "ordinary question")!.number}`)).json();
    assert.equal(plain.messages[0].lookalike, null);
  });

  it("feeds new messages and ticket changes to live subscribers", async () => {
    const feed = createChangeFeed(rt.ctx);
    const seen: LiveEvent[] = [];
    const stop = feed.subscribe((e) => seen.push(e));
    try {
      await ingest(await makeMail({ from: "wang@example.net", subject: "Re: 提现失败 withdrawal failed [#OK-100001]", text: "still waiting" }));
      await app.inject({ method: "PATCH", url: "/api/tickets/OK-100003", payload: { priority: "high" }, headers: alice });
      await feed.pollOnce();
      assert.ok(seen.some((e) => e.type === "message.created" && e.ref === "OK-100001"));
      assert.ok(seen.some((e) => e.type === "ticket.updated" && e.ref === "OK-100003"));
      const count = seen.length;
      await feed.pollOnce();
      assert.equal(seen.length, count, "an event is delivered once");
    } finally {
      stop();
      feed.close();
    }
  });
});
