// An agent answers (a threaded e-mail to the customer) or leaves an internal note.
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { redactHtml, redactText } from "../../ingest/redact/index.ts";
import { sanitizeReplyHtml } from "./reply-html.ts";
import { queueOutboundMail } from "../../outbound/queue.ts";
import { insertAttachment } from "../attachments/attachment.commands.ts";
import { findOwnUploads } from "../attachments/upload.commands.ts";
import { recordEvent } from "../events/event.commands.ts";
import { domainOf, plusAddress } from "../mailboxes/mailbox.ts";
import { findMailboxById } from "../mailboxes/mailbox.repo.ts";
import { insertMessage } from "./message.commands.ts";
import { newSignedMessageId, replyTag } from "./ticket-tokens.ts";
import { findTicketById, listParticipants, listTicketMessages } from "./ticket.repo.ts";
import { formatTicketNumber, subjectWithNumber, type TicketStatus } from "./ticket.ts";
import { updateTicket } from "./ticket.commands.ts";

export type ReplyInput = {
  text: string; statusAfter?: TicketStatus; uploadIds?: string[];
  /** Rich text from the composer; `text` stays the plain version mail clients fall back to. */
  html?: string;
  /** The last message the agent saw; a newer one means they would answer blind (collision). */
  expectedLastMessageId?: string; force?: boolean;
};

export async function replyToTicket(ctx: Ctx, ticketId: string, input: ReplyInput): Promise<{ messageId: string; outboundId: string }> {
  if (!input.text.trim()) throw new AppError("invalid_input", "reply text is empty");
  const { config, signer } = ctx.services;
  return inTransaction(ctx, async (tx) => {
    const ticket = await findTicketById(tx, ticketId);
    if (!ticket) throw new AppError("not_found", "ticket not found");
    const mailbox = (await findMailboxById(tx, ticket.mailbox_id))!;
    const requester = (await listParticipants(tx, ticketId)).find((p) => p.role === "requester");
    if (!requester || requester.address.endsWith("@invalid")) throw new AppError("conflict", "this ticket has no address to reply to");

    const history = await listTicketMessages(tx, ticketId);
    const latest = history[history.length - 1];
    if (input.expectedLastMessageId && latest && latest.id !== input.expectedLastMessageId && !input.force) {
      throw new AppError("conflict", "a new message arrived on this ticket after you opened it; read it, then send again");
    }
    const agentId = ctx.actor.kind === "agent" ? ctx.actor.id : null;
    const uploads = agentId ? await findOwnUploads(tx, agentId, input.uploadIds ?? []) : [];
    const files = await Promise.all(uploads.map(async (u) => ({ filename: u.filename, contentType: u.content_type, content: await ctx.services.blobs.get(u.blob_key) })));
    const mailIds = history.filter((m) => m.direction !== "note" && m.message_id_header).map((m) => m.message_id_header!);
    const lastInbound = [...history].reverse().find((m) => m.direction === "inbound" && m.message_id_header);
    const inReplyTo = lastInbound?.message_id_header ?? mailIds[mailIds.length - 1] ?? null;
    const messageIdHeader = newSignedMessageId(signer, ticket.number, domainOf(mailbox.address));
    const subject = subjectWithNumber(`Re: ${ticket.subject}`, config.ticketPrefix, ticket.number);
    const { text, redactions } = redactText(input.text);
    const html = input.html ? redactHtml(sanitizeReplyHtml(input.html)).text || null : null;

    const messageId = await insertMessage(tx, {
      ticketId, direction: "outbound", channel: "email", messageIdHeader, inReplyTo, references: mailIds.slice(-20),
      from: { address: mailbox.address, name: mailbox.name }, to: [requester.address], subject, text, html,
      authVerdict: "verified", redactions, authorAgentId: agentId,
    });
    for (const u of uploads) {
      await insertAttachment(tx, { messageId, filename: u.filename, contentType: u.content_type, size: u.size, sha256: u.sha256, blobKey: u.blob_key, contentId: null, inline: false });
    }
    const { id: outboundId } = await queueOutboundMail(tx, {
      kind: "reply", ticketId, messageRowId: messageId,
      mail: {
        from: { name: mailbox.name, address: mailbox.address },
        to: requester.address,
        replyTo: plusAddress(mailbox.address, replyTag(signer, config.ticketPrefix, ticket.number)),
        subject, text: `${text}\n\n--\n${formatTicketNumber(config.ticketPrefix, ticket.number)}`,
        html: html ?? undefined,
        messageId: messageIdHeader, inReplyTo, references: mailIds.slice(-20),
        attachments: files.length ? files : undefined,
      },
    });
    await recordEvent(tx, "message.sent", ticketId, { messageId, outboundId });
    if (!ticket.first_responded_at) {
      await tx.db.updateTable("tickets").set({ first_responded_at: nowIso(tx) }).where("id", "=", ticketId).execute();
    }
    await updateTicket(tx, ticketId, { status: input.statusAfter ?? "pending" });
    await tx.db.updateTable("tickets").set({ updated_at: nowIso(tx) }).where("id", "=", ticketId).execute();
    return { messageId, outboundId };
  });
}

export async function addNote(ctx: Ctx, ticketId: string, body: string): Promise<{ messageId: string }> {
  if (!body.trim()) throw new AppError("invalid_input", "note is empty");
  return inTransaction(ctx, async (tx) => {
    const ticket = await findTicketById(tx, ticketId);
    if (!ticket) throw new AppError("not_found", "ticket not found");
    const { text, redactions } = redactText(body);
    const messageId = await insertMessage(tx, {
      ticketId, direction: "note", channel: "console", subject: "", text, redactions,
      authorAgentId: ctx.actor.kind === "agent" ? ctx.actor.id : null,
    });
    await recordEvent(tx, "note.added", ticketId, { messageId });
    await tx.db.updateTable("tickets").set({ updated_at: nowIso(tx) }).where("id", "=", ticketId).execute();
    return { messageId };
  });
}
