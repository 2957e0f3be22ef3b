// What an acknowledgement repeats of the request, per dialect: a verified sender's subject and name; of
// anyone else (the contact form, an unauthenticated From) nothing, so the official mailbox never carries
// a stranger's words to a real customer.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { simpleParser } from "mailparser";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../test/harness.ts";
import { makeMail } from "../test/mail-factory.ts";
import { acceptInbound } from "../ingest/accept.ts";
import { findMailboxById } from "../modules/mailboxes/mailbox.repo.ts";
import { acknowledgeNewTicket } from "./acknowledgement.ts";

const LURE = "ACCOUNT FROZEN verify at https://okpay-verify.example.net";

await forEachDialect("acknowledgement wording", (dialect) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await openTestRuntime(dialect);
  });
  after(async () => rt.close());

  const ackOf = async (ticketId: string, to: string) => {
    const row = await rt.ctx.db.selectFrom("outbound_mail").selectAll().where("ticket_id", "=", ticketId).where("to_address", "=", to).executeTakeFirstOrThrow();
    return simpleParser(await rt.ctx.services.blobs.get(row.raw_blob_key!));
  };

  it("repeats nothing an unverified sender wrote", async () => {
    const from = "victim@example.net";
    const raw = await makeMail({ from: `"Call +1 555 0100 now" <${from}>`, subject: LURE, text: "Your account is frozen." });
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: from, rcptTo: ["support@example.com"], remoteIp: "192.0.2.10", helo: "mail.example.net" } });
    await rt.runner.drain();
    const row = await rt.ctx.db.selectFrom("inbound").select(["status", "ticket_id"]).where("id", "=", inboundId).executeTakeFirstOrThrow();
    assert.equal(row.status, "processed");
    const message = await rt.ctx.db.selectFrom("messages").select("auth_verdict").where("ticket_id", "=", row.ticket_id!).executeTakeFirstOrThrow();
    assert.notEqual(message.auth_verdict, "verified");
    const ack = await ackOf(row.ticket_id!, from);
    assert.match(ack.subject!, /^We received your request \[#OK-\d{6}\]$/);
    assert.doesNotMatch(ack.text!, /555|okpay-verify|FROZEN/);
    assert.match(ack.text!, /^Hello,$/m);
  });

  it("repeats a verified sender's subject and name", async () => {
    const ticket = await rt.ctx.db.selectFrom("tickets").selectAll().orderBy("number").executeTakeFirstOrThrow();
    const mailbox = (await findMailboxById(rt.ctx, ticket.mailbox_id))!;
    const to = "verified.customer@example.org";
    await acknowledgeNewTicket(rt.ctx, {
      ticket: { id: ticket.id, number: ticket.number, subject: "Withdrawal has not arrived", language: "en" }, mailbox, to,
      customerName: "Li Wei", redactions: [], automatic: null, authVerdict: "verified", inReplyTo: null,
    });
    const ack = await ackOf(ticket.id, to);
    assert.match(ack.subject!, /^We received your request \[#OK-\d{6}\] Withdrawal has not arrived$/);
    assert.match(ack.text!, /^Hello Li Wei,$/m);
  });
});
