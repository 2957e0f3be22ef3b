// An admin puts a file the virus scan held back onto its ticket after all (a false positive, an encrypted
// statement the customer vouches for): found again in the sealed original by its hash, stored as an
// attachment only agents see (never on the customer's pages or in an export), and recorded on the ticket
// and in the audit log with who and why.
import { createHash } from "node:crypto";
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { assertRole, assertTicketVisible } from "../access/access.policy.ts";
import { recordAudit } from "../audit/audit.commands.ts";
import { recordEvent } from "../events/event.commands.ts";
import { redactText } from "../../ingest/redact/index.ts";
import { insertAttachment, storeAttachmentBytes } from "./attachment.commands.ts";
import { heldBackOf } from "./held-back.ts";
import { RELEASED_BY_ADMIN } from "./rescan.ts";

export async function releaseHeldBackFile(ctx: Ctx, messageId: string, index: number, reason: string): Promise<{ attachmentId: string }> {
  assertRole(ctx, "admin");
  // The reason is shown to every agent on the ticket: typed secrets are redacted like any stored text.
  const why = redactText(reason.trim()).text;
  if (why.length < 10) throw new AppError("invalid_input", "say why the file is safe to release (at least 10 characters); it goes into the audit log");
  const message = await messageWithTicket(ctx, messageId);
  if (!message) throw new AppError("not_found", "message not found");
  await assertTicketVisible(ctx, { id: message.ticket_id, mailbox_id: message.mailbox_id });
  const entry = heldBackOf(message.auth_json).find((h) => h.index === index);
  if (!entry || !message.raw_blob_key) throw new AppError("not_found", "no such held-back file");
  if (entry.released) throw new AppError("conflict", "this file was already released");
  // By its hash, wherever decoding puts it now (its place was recorded by the version that held it back).
  const decoded = await ctx.services.work.decode(await ctx.services.blobs.get(message.raw_blob_key));
  const bytes = decoded.attachments.map((a) => a.content)
    .find((c) => c !== null && createHash("sha256").update(c).digest("hex") === entry.sha256);
  if (!bytes) throw new AppError("conflict", "the held-back file could not be found again in the original message");
  return inTransaction(ctx, async (tx) => {
    // Re-read inside the transaction: two admins releasing at once store it once, and a ticket merged
    // meanwhile gets the event where the message now is.
    const current = (await messageWithTicket(tx, messageId))!;
    const auth = JSON.parse(current.auth_json) as { heldBack?: ReturnType<typeof heldBackOf> };
    const held = auth.heldBack?.find((h) => h.index === index);
    if (!held || held.released) throw new AppError("conflict", "this file was already released");
    const blob = await storeAttachmentBytes(tx, bytes);
    const attachmentId = await insertAttachment(tx, {
      messageId, filename: held.filename, contentType: blob.sniffedType ?? held.contentType, size: blob.size, sha256: blob.sha256,
      blobKey: blob.blobKey, contentId: null, inline: false, agentOnly: true, scannedWith: RELEASED_BY_ADMIN,
    });
    held.released = { by: tx.actor.id, at: nowIso(tx), reason: why.slice(0, 1000), attachmentId };
    const updated = await tx.db.updateTable("messages").set({ auth_json: JSON.stringify(auth) })
      .where("id", "=", messageId).where("auth_json", "=", current.auth_json).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError("conflict", "the message changed meanwhile; try again");
    const facts = { messageId, attachmentId, filename: held.filename, scan: `${held.reason}: ${held.detail}`, reason: held.released.reason };
    await recordEvent(tx, "attachment.released", current.ticket_id, facts);
    await recordAudit(tx, "attachment.released", facts);
    return { attachmentId };
  });
}

function messageWithTicket(ctx: Ctx, messageId: string) {
  return ctx.db.selectFrom("messages").innerJoin("tickets", "tickets.id", "messages.ticket_id")
    .select(["messages.raw_blob_key", "messages.auth_json", "tickets.id as ticket_id", "tickets.mailbox_id"])
    .where("messages.id", "=", messageId).executeTakeFirst();
}
