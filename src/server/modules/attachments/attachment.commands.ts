// Attachments are content-addressed: the same screenshot sent twice is stored once.
import { createHash } from "node:crypto";
import { nowIso, type Ctx } from "../../context.ts";
import { newId } from "../../ids.ts";
import { sniffContentType } from "./sniff.ts";

export type StoredBlob = { sha256: string; blobKey: string; size: number; sniffedType: string | null };

/** Writes the bytes (sealed); in a transaction, small ones become durable with its commit (storage/tiered-store.ts). */
export async function storeAttachmentBytes(ctx: Ctx, content: Buffer): Promise<StoredBlob> {
  const sha256 = createHash("sha256").update(content).digest("hex");
  const blobKey = `attachments/${sha256.slice(0, 2)}/${sha256}`;
  await ctx.services.blobs.put(blobKey, content);
  return { sha256, blobKey, size: content.length, sniffedType: sniffContentType(content) };
}

export async function insertAttachment(
  ctx: Ctx,
  a: {
    messageId: string; filename: string; contentType: string; size: number; sha256: string; blobKey: string; contentId: string | null; inline: boolean;
    agentOnly?: boolean;
    /** The virus scanner's signature version when it found the file clean just now. */
    scannedWith?: string;
  },
): Promise<string> {
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.insertInto("attachments").values({
    id, message_id: a.messageId, filename: a.filename, content_type: a.contentType, size: a.size, sha256: a.sha256,
    blob_key: a.blobKey, content_id: a.contentId, inline: a.inline ? 1 : 0, agent_only: a.agentOnly ? 1 : 0, created_at: nowIso(ctx),
    scanned_at: a.scannedWith !== undefined ? nowIso(ctx) : null, scanned_with: a.scannedWith ?? null, quarantine: null,
  }).execute();
  return id;
}

export async function findAttachment(ctx: Ctx, id: string) {
  return ctx.db.selectFrom("attachments")
    .innerJoin("messages", "messages.id", "attachments.message_id")
    .select(["attachments.id", "attachments.filename", "attachments.content_type", "attachments.size", "attachments.blob_key", "messages.ticket_id", "attachments.scanned_at", "attachments.scanned_with", "attachments.quarantine"])
    .where("attachments.id", "=", id)
    .executeTakeFirst();
}
