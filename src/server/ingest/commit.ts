// One transaction writes everything a message changes: customer, ticket, message, attachments,
// participants, events, follow-up mail, and the intake row's outcome.
import { inTransaction, nowIso, type Ctx } from "../context.ts";
import { storeAttachmentBytes, insertAttachment, type StoredBlob } from "../modules/attachments/attachment.commands.ts";
import { findOrCreateCustomer } from "../modules/customers/customer.commands.ts";
import { recordEvent } from "../modules/events/event.commands.ts";
import { findMailboxById } from "../modules/mailboxes/mailbox.repo.ts";
import { insertMessage } from "../modules/tickets/message.commands.ts";
import { addParticipant, createTicket, touchTicketForCustomerMessage } from "../modules/tickets/ticket.commands.ts";
import { findTicketById } from "../modules/tickets/ticket.repo.ts";
import { cleanSubject, higherPriority, statusAfterCustomerMessage, type TicketCategory, type TicketPriority, type TicketStatus } from "../modules/tickets/ticket.ts";
import { acknowledgeNewTicket } from "../outbound/acknowledgement.ts";
import { summarizeRedactions } from "./redact/index.ts";
import type { DecodedAttachment, InboundMessage } from "./inbound-message.ts";
import { recordWebFormFacts } from "./web-form/form-facts.ts";

export type Committed = { ticketId: string; messageId: string; createdTicket: boolean };

/** Another worker committed this message first (it took the job after this one's lock ran out). */
export class AlreadyProcessedError extends Error {
  override name = "AlreadyProcessedError";
}

export async function commitInbound(ctx: Ctx, msg: InboundMessage): Promise<Committed> {
  const content = msg.content!;
  return inTransaction(ctx, async (tx) => {
    // Small attachments are rows of this transaction; large ones go to disk first (content-addressed, so a
    // rollback leaves at most an orphan file that the next copy reuses).
    const blobs: (StoredBlob | null)[] = [];
    for (const a of content.attachments) blobs.push(a.content ? await storeAttachmentBytes(tx, a.content) : null);
    const mailbox = (await findMailboxById(tx, msg.mailboxId))!;
    const senderAddress = content.from?.address ?? msg.envelope.mailFrom?.toLowerCase() ?? null;
    const customer = await findOrCreateCustomer(tx, {
      address: senderAddress ?? `unknown+${msg.inboundId}@invalid`,
      name: content.from?.name ?? null,
      language: content.language,
    });
    const verdict = msg.auth?.verdict ?? "unverified";
    const triage = msg.triage ?? { priority: "normal", category: "general" };
    let ticketId: string;
    let created = false;

    if (msg.thread?.kind === "existing") {
      ticketId = msg.thread.ticketId;
      const ticket = (await findTicketById(tx, ticketId))!;
      const next = statusAfterCustomerMessage(ticket.status as TicketStatus);
      const status = next === "follow_up" ? "open" : next;
      // A customer writing again while waiting raises urgency rather than lowering it.
      const priority = msg.automatic ? (ticket.priority as TicketPriority) : higherPriority(ticket.priority as TicketPriority, triage.priority as TicketPriority);
      await touchTicketForCustomerMessage(tx, ticketId, msg.automatic ? (ticket.status as TicketStatus) : status, priority);
      // Only a sender whose domain vouches for them may join a conversation.
      if (senderAddress && verdict === "verified") await addParticipant(tx, ticketId, senderAddress, "cc");
    } else {
      const t = await createTicket(tx, {
        mailboxId: mailbox.id,
        customerId: customer.id,
        subject: cleanSubject(content.subject),
        priority: triage.priority as TicketPriority,
        category: triage.category as TicketCategory,
        channel: msg.channel,
        language: content.language,
        requesterAddress: senderAddress ?? `unknown+${msg.inboundId}@invalid`,
        tags: [
          ...(msg.thread?.kind === "new" && msg.thread.followUpOf ? ["follow-up"] : []),
          ...(msg.automatic ? ["automatic"] : []),
          ...(verdict === "spoofed" ? ["spoofed-sender"] : []),
        ],
        firstResponseHours: ctx.services.config.acknowledgements.firstResponseHours,
      });
      ticketId = t.id;
      created = true;
      if (msg.thread?.kind === "new" && msg.thread.followUpOf) {
        await recordEvent(tx, "ticket.updated", ticketId, { followUpOf: msg.thread.followUpOf });
      }
    }

    const references = [...(msg.headers.get("references")?.match(/<[^<>\s]+>/g) ?? [])].slice(-50);
    const messageId = await insertMessage(tx, {
      ticketId,
      direction: "inbound",
      channel: msg.channel,
      inboundId: msg.inboundId,
      messageIdHeader: msg.messageId,
      inReplyTo: msg.headers.get("in-reply-to")?.match(/<[^<>\s]+>/)?.[0] ?? null,
      references,
      from: content.from ?? (senderAddress ? { address: senderAddress, name: null } : null),
      to: content.to.map((a) => a.address),
      cc: content.cc.map((a) => a.address),
      subject: content.subject,
      text: content.text,
      html: content.html,
      quoted: content.quoted,
      signature: content.signature,
      authVerdict: verdict,
      auth: { ...(msg.auth?.summary ?? {}), warnings: content.warnings, automatic: msg.automatic, ...heldBackFiles(content.attachments) },
      redactions: msg.redactions,
      rawBlobKey: msg.rawBlobKey,
    });
    if (msg.webForm) await recordWebFormFacts(tx, messageId, msg.webForm);
    for (const [i, a] of content.attachments.entries()) {
      const blob = blobs[i];
      if (!blob) continue;
      const declared = a.contentType;
      await insertAttachment(tx, {
        messageId, filename: a.filename,
        // What the bytes are wins over what the sender claimed.
        contentType: blob.sniffedType ?? declared,
        size: blob.size, sha256: blob.sha256, blobKey: blob.blobKey, contentId: a.contentId, inline: a.inline, scannedWith: a.scannedWith,
      });
    }
    await recordEvent(tx, "message.received", ticketId, {
      messageId, channel: msg.channel, via: msg.thread?.kind === "existing" ? msg.thread.via : "new-ticket",
      authVerdict: verdict, redacted: summarizeRedactions(msg.redactions), automatic: msg.automatic,
    });
    if (created) {
      const ticket = (await findTicketById(tx, ticketId))!;
      await acknowledgeNewTicket(tx, {
        ticket: { id: ticketId, number: ticket.number, subject: ticket.subject, language: ticket.language },
        mailbox,
        to: senderAddress,
        // This message's own name: the stored one may come from an earlier, forged message.
        customerName: content.from?.name ?? null,
        redactions: msg.redactions,
        automatic: msg.automatic,
        authVerdict: verdict,
        inReplyTo: msg.messageId,
        mailboxReceivedAt: msg.envelope.imapReceivedAt ?? null,
      });
    }
    // Another worker that took the same message (a job whose lock ran out) may have committed first:
    // then this transaction rolls back rather than write a second ticket.
    const done = await tx.db.updateTable("inbound").set({ status: "processed", reason: null, ticket_id: ticketId, message_id: messageId, processed_at: nowIso(tx) })
      .where("id", "=", msg.inboundId).where("status", "=", "pending").executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AlreadyProcessedError(`inbound ${msg.inboundId} is no longer pending: processed elsewhere`);
    return { ticketId, messageId, createdTicket: created };
  });
}

/**
 * Files the virus scan held back: named on the message so agents (and the sender) see what and why.
 * `index` is the file's place among the decoded attachments, where a release finds it again.
 */
function heldBackFiles(attachments: DecodedAttachment[]) {
  const heldBack = attachments.flatMap((a, index) => (a.heldBack
    ? [{ index, filename: a.filename, contentType: a.contentType, size: a.size, ...a.heldBack }]
    : []));
  return heldBack.length ? { heldBack } : {};
}
