// Sends a tracking-module mail to a customer from the ticket's support address, threaded like our replies.
import type { Ctx } from "../../context.ts";
import { queueOutboundMail } from "../../outbound/queue.ts";
import { findMailboxById } from "../mailboxes/mailbox.repo.ts";
import { domainOf, plusAddress } from "../mailboxes/mailbox.ts";
import { newSignedMessageId, replyTag } from "../tickets/ticket-tokens.ts";

export async function queueCustomerNotice(
  ctx: Ctx, input: { ticket: { id: string; number: number; mailbox_id: string }; to: string; subject: string; text: string },
): Promise<{ id: string }> {
  const { signer, config } = ctx.services;
  const mailbox = (await findMailboxById(ctx, input.ticket.mailbox_id))!;
  return queueOutboundMail(ctx, {
    kind: "notification",
    ticketId: input.ticket.id,
    messageRowId: null,
    mail: {
      from: { name: mailbox.name, address: mailbox.address },
      to: input.to,
      replyTo: plusAddress(mailbox.address, replyTag(signer, config.ticketPrefix, input.ticket.number)),
      subject: input.subject,
      text: input.text,
      messageId: newSignedMessageId(signer, input.ticket.number, domainOf(mailbox.address)),
      autoSubmitted: "auto-generated",
    },
  });
}
