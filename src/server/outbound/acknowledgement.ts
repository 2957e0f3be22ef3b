// Decides whether a new ticket gets an acknowledgement, and queues it. Never to machines, never to
// forged senders, never more than the hourly cap per address: acknowledgements must not feed loops.
import type { Ctx } from "../context.ts";
import { recordEvent } from "../modules/events/event.commands.ts";
import { domainOf, plusAddress, type Mailbox } from "../modules/mailboxes/mailbox.ts";
import { formatTicketNumber } from "../modules/tickets/ticket.ts";
import { newSignedMessageId, replyTag } from "../modules/tickets/ticket-tokens.ts";
import { createTrackingLink } from "../modules/tracking/tracking-link.commands.ts";
import { summarizeRedactions, type Redaction } from "../ingest/redact/index.ts";
import { isMachineAddress } from "./machine-address.ts";
import { countAcknowledgementsSince } from "./outbound-mail.repo.ts";
import { queueOutboundMail } from "./queue.ts";
import { acknowledgementSubject, acknowledgementText } from "./templates/acknowledgement.ts";

export type AcknowledgementInput = {
  ticket: { id: string; number: number; subject: string; language: string };
  mailbox: Mailbox;
  to: string | null;
  customerName: string | null;
  redactions: Redaction[];
  automatic: string | null;
  authVerdict: string;
  inReplyTo: string | null;
  /** When the customer's message reached the mailbox we read it from (IMAP), if that was not just now. */
  mailboxReceivedAt?: string | null;
};

export async function acknowledgeNewTicket(ctx: Ctx, input: AcknowledgementInput): Promise<boolean> {
  const { config, signer } = ctx.services;
  const skip = async (reason: string) => {
    await recordEvent(ctx, "acknowledgement.skipped", input.ticket.id, { reason });
    return false;
  };
  if (!config.acknowledgements.enabled) return skip("acknowledgements are disabled");
  if (!input.to) return skip("no sender address");
  if (input.automatic) return skip(`automatic mail: ${input.automatic}`);
  if (input.authVerdict === "spoofed") return skip("sender failed DMARC (likely forged)");
  if (isMachineAddress(input.to)) return skip("no-reply address");
  // Old mail taken in from a mailbox (a backlog, an import): the customer has long moved on.
  const maxAgeMs = config.acknowledgements.maxAgeHours * 3600_000;
  if (input.mailboxReceivedAt && ctx.clock.now().getTime() - Date.parse(input.mailboxReceivedAt) > maxAgeMs) {
    return skip(`the message reached the mailbox on ${input.mailboxReceivedAt.slice(0, 10)}, over ${config.acknowledgements.maxAgeHours} hours before it was taken in`);
  }
  const hourAgo = new Date(ctx.clock.now().getTime() - 3600_000).toISOString();
  if ((await countAcknowledgementsSince(ctx, input.to, hourAgo)) >= config.acknowledgements.maxPerAddressPerHour) {
    return skip("hourly acknowledgement limit for this address reached");
  }

  const ref = formatTicketNumber(config.ticketPrefix, input.ticket.number);
  // A stored, revocable magic link for the requester, created in the transaction that creates the ticket.
  const link = await createTrackingLink(ctx, { ticketId: input.ticket.id, ticketNumber: input.ticket.number, address: input.to });
  // Only a verified sender's own words are echoed. Anyone can type any address into the contact form or
  // forge an unauthenticated From: echoing their subject or name would have the official mailbox carry
  // an attacker's text (a lure, a phone number) to a real customer, under a code /verify confirms.
  const echo = input.authVerdict === "verified";
  const facts = {
    language: input.ticket.language,
    customerName: echo ? input.customerName : null,
    ticketRef: ref,
    subject: echo ? input.ticket.subject : null,
    firstResponseHours: config.acknowledgements.firstResponseHours,
    trackingUrl: link.url,
    removed: summarizeRedactions(input.redactions),
    companyName: config.companyName,
  };
  await queueOutboundMail(ctx, {
    kind: "acknowledgement",
    ticketId: input.ticket.id,
    messageRowId: null,
    mail: {
      from: { name: input.mailbox.name, address: input.mailbox.address },
      to: input.to,
      replyTo: plusAddress(input.mailbox.address, replyTag(signer, config.ticketPrefix, input.ticket.number)),
      subject: acknowledgementSubject(facts),
      text: acknowledgementText(facts),
      messageId: newSignedMessageId(signer, input.ticket.number, domainOf(input.mailbox.address)),
      inReplyTo: input.inReplyTo,
      references: input.inReplyTo ? [input.inReplyTo] : [],
      autoSubmitted: "auto-replied",
    },
  });
  return true;
}
