// Data rights (export or deletion of personal data), asked for on the tracking page. The request is confirmed
// through a link mailed to the address, then lands as a ticket of category "privacy" for the admins.
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { redactText } from "../../ingest/redact/index.ts";
import { acknowledgeNewTicket } from "../../outbound/acknowledgement.ts";
import { findOrCreateCustomer } from "../customers/customer.commands.ts";
import { recordEvent } from "../events/event.commands.ts";
import { findMailboxById } from "../mailboxes/mailbox.repo.ts";
import { insertMessage } from "../tickets/message.commands.ts";
import { createTicket } from "../tickets/ticket.commands.ts";
import { findTicketById } from "../tickets/ticket.repo.ts";
import { formatTicketNumber } from "../tickets/ticket.ts";
import type { TrackingLink } from "./tracking-link.commands.ts";
import { privacyMailSubject, privacyMailText, type MailLanguage } from "./tracking-mail.ts";
import { queueCustomerNotice } from "./tracking-notify.ts";
import { hashLinkToken, isWellFormedLinkToken, newLinkToken } from "./tracking-token.ts";

export const privacyKinds = ["export", "deletion"] as const;
export type PrivacyKind = (typeof privacyKinds)[number];

export const PRIVACY_CONFIRM_HOURS = 24;
export const PRIVACY_NOTE_MAX = 2000;
const PRIVACY_REQUESTS_PER_ADDRESS_PER_DAY = 5;

export async function requestPrivacyAction(
  ctx: Ctx, link: TrackingLink, input: { kind: PrivacyKind; note: string; language: MailLanguage },
): Promise<void> {
  if (!privacyKinds.includes(input.kind)) throw new AppError("invalid_input", "choose export or deletion");
  if (input.note.length > PRIVACY_NOTE_MAX) throw new AppError("invalid_input", `a note can have at most ${PRIVACY_NOTE_MAX} characters`);
  const { text: note } = redactText(input.note.replace(/\r\n/g, "\n").trim());
  await inTransaction(ctx, async (tx) => {
    const ticket = await findTicketById(tx, link.ticketId);
    if (!ticket) throw new AppError("not_found", "ticket not found");
    const now = tx.clock.now();
    const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
    const recent = await tx.db.selectFrom("privacy_requests").select((eb) => eb.fn.countAll<number>().as("n"))
      .where("address", "=", link.address).where("created_at", ">=", dayAgo).executeTakeFirst();
    if (Number(recent?.n ?? 0) >= PRIVACY_REQUESTS_PER_ADDRESS_PER_DAY) throw new AppError("rate_limited", "too many requests for this address today");
    const token = newLinkToken();
    await tx.db.insertInto("privacy_requests").values({
      id: newId(now.getTime()), token_hash: hashLinkToken(token), kind: input.kind, address: link.address, source_ticket_id: ticket.id,
      note, created_at: now.toISOString(), expires_at: new Date(now.getTime() + PRIVACY_CONFIRM_HOURS * 3600_000).toISOString(),
      confirmed_at: null, privacy_ticket_id: null,
    }).execute();
    const { config } = ctx.services;
    const facts = {
      language: input.language, kind: input.kind, address: link.address, hours: PRIVACY_CONFIRM_HOURS, companyName: config.companyName,
      url: `${config.publicUrl.replace(/\/$/, "")}/track/privacy/confirm?t=${token}`,
    };
    await queueCustomerNotice(tx, { ticket, to: link.address, subject: privacyMailSubject(facts), text: privacyMailText(facts) });
  });
  ctx.services.wakeWorker();
}

export type PendingPrivacyRequest = { kind: PrivacyKind; address: string; confirmed: boolean; privacyTicketRef: string | null };

async function findRequest(ctx: Ctx, token: string) {
  if (!isWellFormedLinkToken(token)) return undefined;
  const row = await ctx.db.selectFrom("privacy_requests").selectAll().where("token_hash", "=", hashLinkToken(token)).executeTakeFirst();
  if (!row) return undefined;
  // A confirmed request still answers (the page says it is done); an unconfirmed one only until it expires.
  if (!row.confirmed_at && Date.parse(row.expires_at) <= ctx.clock.now().getTime()) return undefined;
  return row;
}

async function refOf(ctx: Ctx, ticketId: string | null): Promise<string | null> {
  const t = ticketId ? await findTicketById(ctx, ticketId) : undefined;
  return t ? formatTicketNumber(ctx.services.config.ticketPrefix, t.number) : null;
}

export async function findPrivacyRequest(ctx: Ctx, token: string): Promise<PendingPrivacyRequest | undefined> {
  const row = await findRequest(ctx, token);
  if (!row) return undefined;
  return { kind: row.kind as PrivacyKind, address: row.address, confirmed: !!row.confirmed_at, privacyTicketRef: await refOf(ctx, row.privacy_ticket_id) };
}

const describe = (kind: PrivacyKind, address: string, sourceRef: string, note: string, confirmedAt: string) => [
  kind === "export"
    ? `Data-rights request: EXPORT of all personal data held about ${address}.`
    : `Data-rights request: DELETION of all personal data held about ${address}.`,
  "",
  `Asked on the tracking page of ${sourceRef} and confirmed through a link mailed to ${address} at ${confirmedAt}.`,
  ...(note ? ["", "The customer's note:", note] : []),
].join("\n");

/** Confirms once; later calls return the same ticket. */
export async function confirmPrivacyRequest(ctx: Ctx, token: string): Promise<{ ticketId: string; ref: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await findRequest(tx, token);
    if (!row) throw new AppError("not_found", "this confirmation link is not valid or has expired");
    if (row.privacy_ticket_id) return { ticketId: row.privacy_ticket_id, ref: (await refOf(tx, row.privacy_ticket_id))! };
    const source = await findTicketById(tx, row.source_ticket_id);
    if (!source) throw new AppError("not_found", "ticket not found");
    const { config } = ctx.services;
    const kind = row.kind as PrivacyKind;
    const customer = await findOrCreateCustomer(tx, { address: row.address, name: null, language: source.language });
    const subject = kind === "export" ? `Personal data export request (${row.address})` : `Personal data deletion request (${row.address})`;
    const ticket = await createTicket(tx, {
      mailboxId: source.mailbox_id, customerId: customer.id, subject, priority: "high", category: "privacy", channel: "portal",
      language: source.language, requesterAddress: row.address, tags: ["privacy", `privacy-${kind}`],
      firstResponseHours: config.acknowledgements.firstResponseHours,
    });
    const confirmedAt = nowIso(tx);
    const text = describe(kind, row.address, formatTicketNumber(config.ticketPrefix, source.number), row.note, confirmedAt);
    const messageId = await insertMessage(tx, {
      ticketId: ticket.id, direction: "inbound", channel: "portal", from: { address: row.address, name: customer.name }, to: [],
      subject, text, authVerdict: "verified", auth: { portal: "privacy confirmation link" },
    });
    await recordEvent(tx, "message.received", ticket.id, { messageId, channel: "portal", via: "new-ticket", authVerdict: "verified" });
    await recordEvent(tx, "privacy.requested", ticket.id, { kind, address: row.address, sourceTicketId: source.id, requestId: row.id });
    await tx.db.updateTable("privacy_requests").set({ confirmed_at: confirmedAt, privacy_ticket_id: ticket.id }).where("id", "=", row.id).execute();
    const mailbox = (await findMailboxById(tx, source.mailbox_id))!;
    await acknowledgeNewTicket(tx, {
      ticket: { id: ticket.id, number: ticket.number, subject, language: source.language }, mailbox, to: row.address,
      customerName: customer.name, redactions: [], automatic: null, authVerdict: "verified", inReplyTo: null,
    });
    return { ticketId: ticket.id, ref: formatTicketNumber(config.ticketPrefix, ticket.number) };
  });
}
