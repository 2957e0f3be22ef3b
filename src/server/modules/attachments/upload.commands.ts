// Files an agent uploads for a reply: stored like attachments, owned by the agent until they are sent.
import { nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { ScannerUnavailableError } from "../../security/clamd-scanner.ts";
import { storeAttachmentBytes } from "./attachment.commands.ts";

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export async function storeUpload(ctx: Ctx, agentId: string, input: { filename: string; contentType: string; bytes: Buffer }) {
  if (input.bytes.length === 0) throw new AppError("invalid_input", "the file is empty");
  if (input.bytes.length > MAX_UPLOAD_BYTES) throw new AppError("message_too_large", `files are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  const filename = input.filename.replace(/[\\/\0\r\n]/g, "_").slice(0, 200) || "file";
  await refuseMalware(ctx, filename, input.bytes);
  const blob = await storeAttachmentBytes(ctx, input.bytes);
  // The sniffed type wins over what the browser claimed: a "PNG" that is HTML stays a download.
  const contentType = blob.sniffedType ?? (input.contentType || "application/octet-stream");
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.insertInto("uploads").values({
    id, agent_id: agentId, filename, content_type: contentType, size: blob.size, sha256: blob.sha256, blob_key: blob.blobKey, created_at: nowIso(ctx),
  }).execute();
  return { id, filename, size: blob.size, contentType };
}

/** The agent's own uploads among `ids`; anything else is refused rather than silently dropped. */
export async function findOwnUploads(ctx: Ctx, agentId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await ctx.db.selectFrom("uploads").selectAll().where("id", "in", ids).where("agent_id", "=", agentId).execute();
  if (rows.length !== new Set(ids).size) throw new AppError("invalid_input", "an attached file was not found; upload it again");
  return rows;
}

/** With a virus scanner configured, an upload is stored only after it passed (no verdict: refused for now). */
async function refuseMalware(ctx: Ctx, filename: string, bytes: Buffer): Promise<void> {
  const scanner = ctx.services.virusScanner;
  if (!scanner) return;
  const verdict = await scanner.scan(bytes).catch((err: unknown) => {
    if (err instanceof ScannerUnavailableError) throw new AppError("unavailable", "the virus scanner is not answering; try the upload again in a few minutes", { cause: err });
    throw err;
  });
  if (verdict.kind === "infected") {
    ctx.log.warn({ filename, signature: verdict.signature }, "upload refused: malware");
    throw new AppError("invalid_input", `the virus scanner found ${verdict.signature} in ${filename}; it was not stored`);
  }
  if (verdict.kind === "unscannable") throw new AppError("invalid_input", `the virus scanner could not check ${filename} (${verdict.reason}); it was not stored`);
}
