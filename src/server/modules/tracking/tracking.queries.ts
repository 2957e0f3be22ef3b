// Reads for the customer's tracking page: only what the customer took part in, never notes or events.
import type { Ctx } from "../../context.ts";
import { findMailboxById } from "../mailboxes/mailbox.repo.ts";
import { findTicketByNumber, findTicketById } from "../tickets/ticket.repo.ts";

/** Directions a customer saw or wrote; internal notes are "note" and never leave through the portal. */
export const CUSTOMER_DIRECTIONS = ["inbound", "outbound"] as const;

/** The ticket a `PD-100042` reference names, when the prefix is ours. */
export async function findTicketByPublicRef(ctx: Ctx, ref: string) {
  const m = /^([A-Z]{1,6})-(\d{1,12})$/.exec(ref);
  if (!m || m[1] !== ctx.services.config.ticketPrefix) return undefined;
  return findTicketByNumber(ctx, Number(m[2]));
}

export async function findTrackedTicketById(ctx: Ctx, ticketId: string) {
  return findTicketById(ctx, ticketId);
}

export async function listCustomerMessages(ctx: Ctx, ticketId: string) {
  return ctx.db.selectFrom("messages").selectAll()
    .where("ticket_id", "=", ticketId).where("direction", "in", [...CUSTOMER_DIRECTIONS])
    .orderBy("created_at").orderBy("id").execute();
}

export async function listCustomerAttachments(ctx: Ctx, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return ctx.db.selectFrom("attachments").selectAll().where("message_id", "in", messageIds).where("agent_only", "=", 0).orderBy("created_at").orderBy("id").execute();
}

/** An attachment of a customer-visible message of this ticket; undefined for notes, other tickets or unknown ids. */
export async function findCustomerAttachment(ctx: Ctx, ticketId: string, attachmentId: string) {
  return ctx.db.selectFrom("attachments").innerJoin("messages", "messages.id", "attachments.message_id")
    .select(["attachments.id", "attachments.filename", "attachments.content_type", "attachments.size", "attachments.blob_key", "attachments.scanned_at", "attachments.scanned_with", "attachments.quarantine"])
    .where("attachments.id", "=", attachmentId)
    .where("attachments.agent_only", "=", 0)
    .where("messages.ticket_id", "=", ticketId)
    .where("messages.direction", "in", [...CUSTOMER_DIRECTIONS])
    .executeTakeFirst();
}

export async function findSurvey(ctx: Ctx, ticketId: string) {
  return ctx.db.selectFrom("satisfaction_surveys").selectAll().where("ticket_id", "=", ticketId).executeTakeFirst();
}

/** The newest Message-ID we sent on this ticket (reply or acknowledgement): what a portal reply answers. */
export async function findLastOutboundMessageId(ctx: Ctx, ticketId: string): Promise<string | null> {
  const row = await ctx.db.selectFrom("outbound_mail").select("message_id_header")
    .where("ticket_id", "=", ticketId).where("kind", "in", ["acknowledgement", "reply"])
    .orderBy("created_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();
  return row?.message_id_header ?? null;
}

export async function mailboxNameOf(ctx: Ctx, mailboxId: string): Promise<string> {
  return (await findMailboxById(ctx, mailboxId))?.name ?? ctx.services.config.companyName;
}

/** Everything the tracking page shows, in one go. */
export async function loadTrackedTicket(ctx: Ctx, ticketId: string) {
  const ticket = await findTicketById(ctx, ticketId);
  if (!ticket) return undefined;
  const messages = await listCustomerMessages(ctx, ticketId);
  const attachments = await listCustomerAttachments(ctx, messages.map((m) => m.id));
  return { ticket, messages, attachments, survey: await findSurvey(ctx, ticketId), supportName: await mailboxNameOf(ctx, ticket.mailbox_id) };
}
