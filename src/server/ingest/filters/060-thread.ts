// Which ticket this belongs to. Never trusts guessable data:
// signed reply token → our signed Message-IDs / stored Message-IDs → subject number (participants only)
// → a reply of the sender's that arrived before this, its original → new.
import type { Filter } from "../filter.ts";
import { splitPlusAddress } from "../../modules/mailboxes/mailbox.ts";
import { ticketNumberInSubject } from "../../modules/tickets/ticket.ts";
import { verifyReplyTag, verifySignedMessageId } from "../../modules/tickets/ticket-tokens.ts";
import { findMessageByHeaderId, findReplyFromSender, findTicketByNumber, isParticipant } from "../../modules/tickets/ticket.repo.ts";
import { findSurvivingTicket } from "../../modules/tickets/merge.repo.ts";
import { parseMessageIds } from "../raw-headers.ts";
import { isAutoReply } from "../automatic-mail.ts";
import type { Ctx } from "../../context.ts";
import type { InboundMessage, ThreadMatch } from "../inbound-message.ts";

/** How long before its original a reply may have been taken in (a lapsed job lock, a mailbox's delay). */
const REPLY_FIRST_WINDOW_MS = 24 * 3600_000;

async function findThread(ctx: Ctx, msg: InboundMessage): Promise<ThreadMatch> {
  const { signer, config } = ctx.services;
  const prefix = config.ticketPrefix;
  // A sender whose domain says the mail is forged (DMARC fail) is not who the From claims: nothing that
  // rests on that address (participation) may place the mail in someone's conversation.
  const sender = msg.auth?.verdict === "spoofed" ? null : msg.content?.from?.address ?? null;

  const recipients = [...msg.envelope.rcptTo, ...(msg.content?.to ?? []).map((a) => a.address), ...(msg.content?.cc ?? []).map((a) => a.address)];
  for (const rcpt of recipients) {
    const { tag } = splitPlusAddress(rcpt);
    const number = tag ? verifyReplyTag(signer, prefix, tag) : null;
    const ticket = number ? await findTicketByNumber(ctx, number) : undefined;
    if (ticket) return { kind: "existing", ticketId: ticket.id, via: "reply-token" };
  }

  const referenced = [...parseMessageIds(msg.headers.get("in-reply-to")), ...parseMessageIds(msg.headers.get("references")).reverse()];
  for (const id of referenced) {
    const number = verifySignedMessageId(signer, id);
    if (number) {
      const ticket = await findTicketByNumber(ctx, number);
      if (ticket) return { kind: "existing", ticketId: ticket.id, via: "message-id" };
    }
  }
  for (const id of referenced) {
    const stored = await findMessageByHeaderId(ctx, id);
    if (!stored) continue;
    // Our own outgoing ids are unforgeable only when signed (checked above); a received id can leak,
    // so it threads only for someone already in the conversation.
    if (stored.direction === "outbound" || (sender && (await isParticipant(ctx, stored.ticket_id, sender)))) {
      return { kind: "existing", ticketId: stored.ticket_id, via: "message-id" };
    }
  }

  const number = ticketNumberInSubject(msg.content?.subject ?? msg.headers.get("subject") ?? "", prefix);
  if (number && sender) {
    // A merged ticket's participants live on its survivor.
    const numbered = await findTicketByNumber(ctx, number);
    const ticket = numbered && (await findSurvivingTicket(ctx, numbered.id));
    if (ticket && (await isParticipant(ctx, ticket.id, sender))) return { kind: "existing", ticketId: ticket.id, via: "subject-number" };
  }
  // The original of a reply that was taken in first (a worker that died holding the original, a mailbox
  // that hands mail over out of order) joins the ticket the reply opened instead of opening a second one
  // with a second acknowledgement. A Message-ID is no secret and a From can be forged: only a reply of
  // the same mailbox from the last day, from the same sender, as well authenticated as this mail — so a
  // forged "reply" cannot draw a customer's verified mail into a ticket the forger opened.
  if (msg.messageId && sender) {
    const reply = await findReplyFromSender(ctx, {
      messageIdHeader: msg.messageId, sender, mailboxId: msg.mailboxId,
      sinceIso: new Date(ctx.clock.now().getTime() - REPLY_FIRST_WINDOW_MS).toISOString(),
      verdicts: msg.auth?.verdict === "verified" ? ["verified"] : ["verified", "unverified"],
    });
    if (reply) return { kind: "existing", ticketId: reply.ticket_id, via: "reply-arrived-first" };
  }
  return { kind: "new" };
}

export const threadFilter: Filter = {
  name: "thread",
  async run(ctx, msg) {
    let thread = await findThread(ctx, msg);
    if (thread.kind === "existing") {
      // Mail for a merged ticket goes to the ticket it was merged into.
      const survivor = await findSurvivingTicket(ctx, thread.ticketId);
      if (survivor) thread = { ...thread, ticketId: survivor.id };
      const ticket = await ctx.db.selectFrom("tickets").select(["status", "mailbox_id"]).where("id", "=", thread.ticketId).executeTakeFirst();
      // A closed ticket stays closed: the customer's new mail starts a follow-up that links to it.
      if (ticket?.status === "closed") thread = { kind: "new", followUpOf: thread.ticketId };
    }
    if (thread.kind === "new" && msg.automatic && isAutoReply(msg.headers, msg.content?.subject)) {
      return { kind: "divert", to: "automatic", reason: `automatic reply that belongs to no ticket (${msg.automatic})` };
    }
    return { kind: "continue", msg: { ...msg, thread } };
  },
};
