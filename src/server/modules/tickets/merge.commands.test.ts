// Merging tickets, and mail for a merged ticket threading to its survivor through the real pipeline, per dialect.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { isAppError } from "../../errors.ts";
import { searchTickets } from "../search/search.commands.ts";
import { mergeTickets } from "./merge.commands.ts";
import { addParticipant } from "./ticket.commands.ts";
import { replyTag } from "./ticket-tokens.ts";

await forEachDialect("merging tickets", (dialect) => {
  let rt: TestRuntime;
  let source: { id: string; number: number };
  let target: { id: string; number: number };
  let other: { id: string; number: number };
  const sourceMessageId = "<first-question@mail.example.net>";

  async function ingest(raw: Buffer, rcpt = "support@example.com") {
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: "li.wei@example.net", rcptTo: [rcpt] } });
    await rt.runner.drain();
    rt.clock.advance(1000);
    const row = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", inboundId).executeTakeFirstOrThrow();
    assert.equal(row.status, "processed", row.reason ?? "");
    return rt.ctx.db.selectFrom("tickets").selectAll().where("id", "=", row.ticket_id!).executeTakeFirstOrThrow();
  }
  const ticket = (id: string) => rt.ctx.db.selectFrom("tickets").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const messagesOf = (id: string) => rt.ctx.db.selectFrom("messages").select(["id", "message_id_header"]).where("ticket_id", "=", id).execute();
  const eventsOf = (id: string, kind: string) => rt.ctx.db.selectFrom("events").selectAll().where("ticket_id", "=", id).where("kind", "=", kind).execute();
  const ticketCount = async () => Number((await rt.ctx.db.selectFrom("tickets").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

  before(async () => {
    rt = await openTestRuntime(dialect);
    source = await ingest(await makeMail({
      subject: "Withdrawal has not arrived", messageId: sourceMessageId, text: "My withdrawal has not arrived; the bank calls it kumquat.",
      attachments: [{ filename: "receipt.txt", content: "withdrawal receipt 20260105-88123", contentType: "text/plain" }],
    }));
    target = await ingest(await makeMail({ subject: "Second question about the same withdrawal" }));
    other = await ingest(await makeMail({ from: "Zhang San <zhang.san@example.org>", subject: "Refund please" }));
    await addParticipant(rt.ctx, source.id, "li.wei.wife@example.net", "cc");
    await addParticipant(rt.ctx, target.id, "li.wei.wife@example.net", "cc");
    await addParticipant(rt.ctx, source.id, "assistant@example.net", "cc");
  });
  after(async () => rt.close());

  it("refuses tickets of different customers with a conflict", async () => {
    await assert.rejects(mergeTickets(rt.ctx, other.id, target.id), (e) => isAppError(e) && e.code === "conflict" && /different customers/.test(e.message));
    assert.equal((await ticket(other.id)).merged_into_id, null);
    assert.equal((await messagesOf(other.id)).length, 1, "nothing moved");
  });

  it("refuses to merge a ticket into itself", async () => {
    await assert.rejects(mergeTickets(rt.ctx, target.id, target.id), (e) => isAppError(e) && e.code === "invalid_input");
  });

  it("moves messages, attachments and participants, closes the source and records both events", async () => {
    const before = { source: await messagesOf(source.id), target: await messagesOf(target.id) };
    const result = await mergeTickets(rt.ctx, source.id, target.id);
    assert.equal(result.targetId, target.id);
    assert.equal(result.movedMessages, before.source.length);

    assert.equal((await messagesOf(source.id)).length, 0);
    const moved = await messagesOf(target.id);
    assert.deepEqual(new Set(moved.map((m) => m.id)), new Set([...before.source, ...before.target].map((m) => m.id)));
    const attachment = await rt.ctx.db.selectFrom("attachments").innerJoin("messages", "messages.id", "attachments.message_id")
      .select(["attachments.filename", "messages.ticket_id"]).where("attachments.filename", "=", "receipt.txt").executeTakeFirstOrThrow();
    assert.equal(attachment.ticket_id, target.id, "the attachment follows its message");

    const participants = await rt.ctx.db.selectFrom("ticket_participants").select(["ticket_id", "address", "role"]).where("ticket_id", "in", [source.id, target.id]).orderBy("address").execute();
    assert.deepEqual(participants.map((p) => [p.ticket_id === target.id ? "target" : "source", p.address, p.role]), [
      ["target", "assistant@example.net", "cc"],
      ["target", "li.wei.wife@example.net", "cc"],
      ["target", "li.wei@example.net", "requester"],
    ], "each address once, all on the target");

    const closed = await ticket(source.id);
    assert.equal(closed.status, "closed");
    assert.equal(closed.merged_into_id, target.id);
    assert.ok((JSON.parse(closed.tags_json) as string[]).includes("merged"));
    assert.equal((await ticket(target.id)).merged_into_id, null);

    const [merged] = await eventsOf(target.id, "ticket.merged");
    assert.equal(JSON.parse(merged!.data_json).sourceId, source.id);
    const [mergedInto] = await eventsOf(source.id, "ticket.merged_into");
    assert.equal(JSON.parse(mergedInto!.data_json).targetNumber, `OK-${target.number}`);

    const found = await searchTickets(rt.ctx, { text: "kumquat", mailboxIds: "all", limit: 10 });
    assert.deepEqual(found.results.map((r) => r.ticketId), [target.id], "search finds the moved message on the target");

    const inbound = await rt.ctx.db.selectFrom("inbound").select("ticket_id").where("message_id_header", "=", sourceMessageId).executeTakeFirstOrThrow();
    assert.equal(inbound.ticket_id, target.id);
  });

  it("refuses to merge a ticket twice, or into a merged ticket", async () => {
    await assert.rejects(mergeTickets(rt.ctx, source.id, target.id), (e) => isAppError(e) && e.code === "conflict");
    await assert.rejects(mergeTickets(rt.ctx, other.id, source.id), (e) => isAppError(e) && e.code === "conflict");
  });

  it("threads a reply to the source's signed acknowledgement onto the target", async () => {
    const ack = await rt.ctx.db.selectFrom("outbound_mail").select(["message_id_header", "ticket_id"]).where("kind", "=", "acknowledgement")
      .where("subject", "like", `%OK-${source.number}%`).executeTakeFirstOrThrow();
    assert.equal(ack.ticket_id, target.id, "the source's outbound mail moved with it");
    const count = await ticketCount();
    const landed = await ingest(await makeMail({ subject: `Re: We received your request [#OK-${source.number}]`, text: "Any news?", inReplyTo: ack.message_id_header, references: ack.message_id_header }));
    assert.equal(landed.id, target.id);
    assert.equal(await ticketCount(), count, "no follow-up ticket for the closed source");
  });

  it("threads a reply to the source's own Message-ID onto the target", async () => {
    const landed = await ingest(await makeMail({ subject: "Re: Withdrawal has not arrived", text: "Still waiting.", inReplyTo: sourceMessageId, references: sourceMessageId }));
    assert.equal(landed.id, target.id);
  });

  it("threads mail to the source's signed reply address and its subject number onto the target", async () => {
    const tag = replyTag(rt.ctx.services.signer, "OK", source.number);
    const byToken = await ingest(await makeMail({ to: `support+${tag}@example.com`, subject: "About my withdrawal", text: "Via the reply address." }), `support+${tag}@example.com`);
    assert.equal(byToken.id, target.id);
    const bySubject = await ingest(await makeMail({ subject: `Again [#OK-${source.number}]`, text: "Via the subject." }));
    assert.equal(bySubject.id, target.id);
    assert.equal((await eventsOf(source.id, "message.received")).length, 1, "only the original mail is recorded on the source");
  });

  it("re-points earlier merges when the survivor is merged again", async () => {
    const third = await ingest(await makeMail({ subject: "A third, unrelated question" }));
    await mergeTickets(rt.ctx, target.id, third.id);
    assert.equal((await ticket(source.id)).merged_into_id, third.id);
    const landed = await ingest(await makeMail({ subject: "Re: Withdrawal has not arrived", text: "Hello again.", inReplyTo: sourceMessageId, references: sourceMessageId }));
    assert.equal(landed.id, third.id);
  });
});
