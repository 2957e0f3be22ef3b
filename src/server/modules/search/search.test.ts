// Search over real ingested mail, per dialect: Chinese bigrams among decoys, AND, 1-character queries,
// numbers and addresses, redaction, excerpts, mailbox scope, status, paging and activity order.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { sql } from "kysely";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { addNote } from "../tickets/reply.commands.ts";
import { updateTicket } from "../tickets/ticket.commands.ts";
import { bulkIndex, moveSearchDocs, searchTickets, type SearchQuery } from "./search.commands.ts";

await forEachDialect("ticket search", (dialect) => {
  let rt: TestRuntime;
  const tickets: Record<string, { id: string; number: number }> = {};
  let supportId: string;
  let vipId: string;

  async function ingest(name: string, mail: { from: string; subject: string; text: string; to?: string }) {
    const to = mail.to ?? "support@example.com";
    const raw = await makeMail({ from: mail.from, to, subject: mail.subject, text: mail.text });
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: mail.from.replace(/.*</, "").replace(">", ""), rcptTo: [to] } });
    await rt.runner.drain();
    const row = await rt.ctx.db.selectFrom("inbound").select(["status", "reason", "ticket_id"]).where("id", "=", inboundId).executeTakeFirstOrThrow();
    assert.equal(row.status, "processed", row.reason ?? "");
    const t = await rt.ctx.db.selectFrom("tickets").select(["id", "number"]).where("id", "=", row.ticket_id!).executeTakeFirstOrThrow();
    tickets[name] = { id: t.id, number: Number(t.number) };
    rt.clock.advance(60_000);
  }

  const names = (ids: string[]) => ids.map((id) => Object.keys(tickets).find((k) => tickets[k]!.id === id) ?? id);
  async function find(text: string, more: Partial<SearchQuery> = {}) {
    const page = await searchTickets(rt.ctx, { text, mailboxIds: "all", limit: 50, ...more });
    return names(page.results.map((r) => r.ticketId));
  }

  before(async () => {
    rt = await openTestRuntime(dialect, {
      mailboxes: [{ address: "support@example.com", name: "OKPay Support" }, { address: "vip@example.com", name: "OKPay VIP" }],
    });
    const boxes = await rt.ctx.db.selectFrom("mailboxes").select(["id", "address"]).execute();
    supportId = boxes.find((b) => b.address === "support@example.com")!.id;
    vipId = boxes.find((b) => b.address === "vip@example.com")!.id;

    await ingest("withdrawFailed", { from: "Li Wei <li.wei@example.net>", subject: "提现失败 withdrawal failed", text: "我的提现一直没有到账，请尽快处理。" });
    await ingest("refund", { from: "Zhang San <zhang.san@pay-example.org>", subject: "退款申请", text: "请帮我退款，交易号 TX2026ABC123。" });
    await ingest("frozen", { from: "Wang Fang <wang.fang@example.cn>", subject: "账户冻结", text: "我的账户被冻结了 account frozen" });
    await ingest("withdrawPending", { from: "Chen Jie <chen.jie@example.net>", subject: "提现 pending", text: "提现还在处理中，没有失败。" });
    await ingest("vipWithdraw", { from: "Zhao Lei <zhao.lei@example.net>", subject: "VIP 提现", text: "提现 failed again", to: "vip@example.com" });
    await ingest("script", { from: "Sun Li <sun.li@example.net>", subject: "help", text: "<script>alert(1)</script> 我的卡被冻结 help" });
    await ingest("card", { from: "Zhou Min <zhou.min@example.net>", subject: "扣款两次", text: "My card 4111 1111 1111 1111 was charged twice." });
    // Decoys: the characters without the words — 提示/现在 apart, 退回款项, 冷冻 (has 冻 but not 冻结), "failure".
    await ingest("decoyTi", { from: "Decoy One <decoy1@example.net>", subject: "提示", text: "现在系统提示 failure，请稍后。" });
    await ingest("decoyTui", { from: "Decoy Two <decoy2@example.net>", subject: "退回款项", text: "款项已退回到原账户。" });
    await ingest("decoyDong", { from: "Decoy Three <decoy3@example.net>", subject: "冷冻食品", text: "冷冻食品的订单问题。" });
  });
  after(async () => rt.close());

  it("finds 2-character Chinese words exactly, among decoys", async () => {
    assert.deepEqual(await find("提现"), ["vipWithdraw", "withdrawPending", "withdrawFailed"]);
    assert.deepEqual(await find("退款"), ["refund"]);
    assert.deepEqual(await find("冻结"), ["script", "frozen"]);
  });

  it("ANDs mixed Chinese and English terms", async () => {
    assert.deepEqual(await find("提现 failed"), ["vipWithdraw", "withdrawFailed"]);
    assert.deepEqual(await find("提现 FAIL"), ["vipWithdraw", "withdrawFailed"], "the word being typed matches as a prefix");
    assert.deepEqual(await find("提现 fail "), [], "a finished word matches whole words only");
    assert.deepEqual(await find("提现失败"), ["withdrawFailed"]);
  });

  it("answers 1-character queries", async () => {
    assert.deepEqual(await find("冻"), ["decoyDong", "script", "frozen"]);
    assert.deepEqual(await find("款"), ["decoyTui", "card", "refund"]);
  });

  it("finds a ticket by its number, a transaction id and the customer's address", async () => {
    const refund = tickets.refund!;
    assert.deepEqual(await find(`OK-${refund.number}`), ["refund"]);
    assert.deepEqual(await find(String(refund.number)), ["refund"]);
    assert.deepEqual(await find("tx2026abc123"), ["refund"]);
    assert.deepEqual(await find("zhang.san@pay-example.org"), ["refund"]);
    assert.deepEqual(await find("Wang Fang"), ["frozen"]);
  });

  it("cannot find what redaction removed before storing", async () => {
    assert.deepEqual(await find("4111111111111111"), []);
    assert.deepEqual(await find("4111 1111 1111 1111"), []);
    assert.deepEqual(await find("charged twice"), ["card"], "the rest of the message is indexed");
  });

  it("returns escaped excerpts where <mark> is the only markup", async () => {
    const page = await searchTickets(rt.ctx, { text: "冻结", mailboxIds: "all", limit: 10 });
    const script = page.results.find((r) => r.ticketId === tickets.script!.id)!;
    assert.match(script.excerpt, /&lt;script&gt;alert\(1\)&lt;\/script&gt; 我的卡被<mark>冻结<\/mark> help/);
    for (const r of page.results) assert.doesNotMatch(r.excerpt.replace(/<\/?mark>/g, ""), /[<>]/);
    const mixed = await searchTickets(rt.ctx, { text: "提现 failed", mailboxIds: "all", limit: 10 });
    assert.match(mixed.results[0]!.excerpt, /<mark>提现<\/mark> <mark>failed<\/mark> again/);
    const byNumber = await searchTickets(rt.ctx, { text: `OK-${tickets.refund!.number}`, mailboxIds: "all", limit: 10 });
    assert.match(byNumber.results[0]!.excerpt, new RegExp(`OK-<mark>${tickets.refund!.number}</mark>`));
  });

  it("keeps to the mailboxes in scope and filters by status", async () => {
    assert.deepEqual(await find("提现", { mailboxIds: [supportId] }), ["withdrawPending", "withdrawFailed"]);
    assert.deepEqual(await find("提现", { mailboxIds: [vipId] }), ["vipWithdraw"]);
    assert.deepEqual(await find("提现", { mailboxIds: [] }), []);
    await updateTicket(rt.ctx, tickets.withdrawFailed!.id, { status: "solved" });
    assert.deepEqual(await find("提现", { status: ["solved"] }), ["withdrawFailed"]);
    assert.deepEqual(await find("提现", { status: ["new", "open"] }), ["vipWithdraw", "withdrawPending"]);
  });

  it("puts the ticket with the newest activity first", async () => {
    await addNote(rt.ctx, tickets.withdrawFailed!.id, "客户来电询问进度");
    assert.deepEqual(await find("提现"), ["withdrawFailed", "vipWithdraw", "withdrawPending"]);
  });

  it("pages by cursor without repeating a ticket that matches in several messages", async () => {
    for (let i = 0; i < 7; i++) await ingest(`page${i}`, { from: `Page ${i} <page${i}@example.net>`, subject: `分页 ${i}`, text: `分页测试 ${i}` });
    // Older tickets get newer matching notes, so their documents interleave with the others'.
    await addNote(rt.ctx, tickets.page1!.id, "分页 note");
    await addNote(rt.ctx, tickets.page3!.id, "分页 note");
    const all = await find("分页");
    assert.deepEqual(all, ["page3", "page1", "page6", "page5", "page4", "page2", "page0"]);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await searchTickets(rt.ctx, { text: "分页", mailboxIds: "all", limit: 2, cursor });
      seen.push(...names(page.results.map((r) => r.ticketId)));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    assert.deepEqual(seen, all);
    await assert.rejects(searchTickets(rt.ctx, { text: "分页", mailboxIds: "all", limit: 2, cursor: "bogus" }), /cursor/);
  });

  it("moves a merged ticket's documents to the surviving ticket", async () => {
    await moveSearchDocs(rt.ctx, tickets.decoyTui!.id, tickets.refund!.id);
    assert.deepEqual(await find("退回款项"), ["refund"]);
    assert.deepEqual(await find(`${tickets.decoyTui!.number} 退回款项`), ["refund"]);
  });

  it("bulk-indexes rows written without the commands", async () => {
    const now = rt.clock.now().toISOString();
    const customer = await rt.ctx.db.selectFrom("customers").select("id").executeTakeFirstOrThrow();
    await rt.ctx.db.insertInto("tickets").values({
      id: "bulk-ticket", number: 900001, mailbox_id: supportId, customer_id: customer.id, subject: "批量导入", status: "open",
      priority: "normal", category: "general", tags_json: "[]", assignee_id: null, channel: "email", language: "zh-CN",
      created_at: now, updated_at: now, last_customer_message_at: null, first_response_due_at: null, first_responded_at: null,
      merged_into_id: null,
    }).execute();
    await rt.ctx.db.insertInto("messages").values({
      id: "bulk-message", ticket_id: "bulk-ticket", direction: "inbound", channel: "email", inbound_id: null, message_id_header: null,
      in_reply_to: null, references_json: "[]", from_address: null, from_name: null, to_json: "[]", cc_json: "[]", subject: "批量导入",
      text_body: "历史数据 imported", html_body: null, quoted_text: "", signature_text: "", auth_verdict: "verified", auth_json: "{}",
      redactions_json: "[]", raw_blob_key: null, author_agent_id: null, created_at: now,
    }).execute();
    assert.deepEqual(await find("历史数据"), []);
    assert.deepEqual(await bulkIndex(rt.ctx), { indexed: 2 });
    assert.deepEqual(await find("历史数据 imported"), ["bulk-ticket"]);
    assert.deepEqual(await find("900001"), ["bulk-ticket"]);
    assert.deepEqual(await bulkIndex(rt.ctx), { indexed: 0 }, "nothing is indexed twice");
    assert.deepEqual(await find("提现"), ["withdrawFailed", "vipWithdraw", "withdrawPending"], "earlier documents are untouched");
    const staged = await sql<{ n: number }>`select count(*) as n from search_docs where ticket_id = 'bulk-ticket'`.execute(rt.ctx.db);
    assert.equal(Number(staged.rows[0]!.n), 2);
  });
});
