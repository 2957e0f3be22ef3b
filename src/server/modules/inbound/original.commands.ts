// The original of a received message, byte for byte as it arrived: the card numbers, passwords and ID
// numbers redaction removed everywhere else, and any file the virus scan held back. Only auditors open
// it, within their mailboxes, giving a reason; every opening is written to the audit log.
import { createHash } from "node:crypto";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { assertRole, assertTicketVisible, canSeeMailbox } from "../access/access.policy.ts";
import { recordAudit } from "../audit/audit.commands.ts";
import { formatTicketNumber } from "../tickets/ticket.ts";

export type Original = { filename: string; bytes: Buffer; sha256: string };

export type OriginalRef = { messageId: string } | { inboundId: string };

export async function openOriginal(ctx: Ctx, ref: OriginalRef, reason: string): Promise<Original> {
  assertRole(ctx, "auditor");
  const why = reason.trim();
  if (why.length < 10) throw new AppError("invalid_input", "say why the original is needed (at least 10 characters); it goes into the audit log");
  const found = "messageId" in ref ? await originalOfMessage(ctx, ref.messageId) : await originalOfIntake(ctx, ref.inboundId);
  const bytes = await ctx.services.blobs.get(found.blobKey);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await recordAudit(ctx, "data.revealed", { resource: "original message", ...ref, ticketId: found.ticketId, reason: why.slice(0, 1000), sha256 });
  return { filename: found.filename, bytes, sha256 };
}

async function originalOfMessage(ctx: Ctx, messageId: string) {
  const row = await ctx.db.selectFrom("messages").innerJoin("tickets", "tickets.id", "messages.ticket_id")
    .select(["messages.raw_blob_key", "messages.direction", "tickets.id as ticket_id", "tickets.mailbox_id", "tickets.number"])
    .where("messages.id", "=", messageId).executeTakeFirst();
  if (!row) throw new AppError("not_found", "message not found");
  await assertTicketVisible(ctx, { id: row.ticket_id, mailbox_id: row.mailbox_id });
  if (row.direction !== "inbound" || !row.raw_blob_key) throw new AppError("not_found", "this message has no received original");
  const ticketRef = formatTicketNumber(ctx.services.config.ticketPrefix, row.number);
  return { blobKey: row.raw_blob_key, ticketId: row.ticket_id, filename: `${ticketRef}-${messageId}.eml` };
}

async function originalOfIntake(ctx: Ctx, inboundId: string) {
  const row = await ctx.db.selectFrom("inbound").select(["raw_blob_key", "mailbox_id", "ticket_id"]).where("id", "=", inboundId).executeTakeFirst();
  if (!row) throw new AppError("not_found", "intake record not found");
  // Mail that joined a ticket belongs where the ticket is now (moved or merged into another mailbox),
  // not where it was received.
  const ticket = row.ticket_id ? await ctx.db.selectFrom("tickets").select(["id", "mailbox_id"]).where("id", "=", row.ticket_id).executeTakeFirst() : undefined;
  if (ticket) {
    await assertTicketVisible(ctx, ticket);
  } else if (!row.mailbox_id || !canSeeMailbox(ctx, row.mailbox_id)) {
    await recordAudit(ctx, "access.denied", { resource: "intake", inboundId, mailboxId: row.mailbox_id });
    throw new AppError("not_found", "intake record not found");
  }
  return { blobKey: row.raw_blob_key, ticketId: row.ticket_id, filename: `intake-${inboundId}.eml` };
}
