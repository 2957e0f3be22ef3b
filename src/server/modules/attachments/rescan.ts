// A file found clean when it arrived may be known malware a day later. Before a stored file is handed to
// anyone (an agent's download, a customer's, an evidence export), it is scanned again when the scanner's
// signatures have changed since, or its last clean scan is older than `virusScan.rescanAfterHours`.
// Found infected then, it is quarantined: kept (nothing is lost), named on the ticket, handed to no one.
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { AppError, isAppError } from "../../errors.ts";
import { ScannerUnavailableError } from "../../security/clamd-scanner.ts";
import { recordEvent } from "../events/event.commands.ts";

export type ScannedFile = {
  id: string; filename: string; ticket_id: string;
  scanned_at: string | null; scanned_with: string | null; quarantine: string | null;
};

const HOUR_MS = 3_600_000;

/** `scanned_with` of a file an admin released from the virus scan's hold: that decision stands. */
export const RELEASED_BY_ADMIN = "released";

/**
 * Throws `quarantined` (409) for a file found infected, `unavailable` (503) while a due rescan gets no
 * verdict — with `details.unscannable` when clamd answered but could not judge the file.
 */
export async function assertStillClean(ctx: Ctx, file: ScannedFile, bytes: Buffer): Promise<void> {
  if (file.quarantine) throw quarantined(file.filename, file.quarantine);
  const scanner = ctx.services.virusScanner;
  const rescanAfterHours = ctx.services.config.virusScan?.rescanAfterHours;
  if (!scanner || rescanAfterHours === undefined || file.scanned_with === RELEASED_BY_ADMIN) return;
  const age = file.scanned_at ? ctx.clock.now().getTime() - Date.parse(file.scanned_at) : Infinity;
  // Unknown signatures (clamd not answering VERSION) are no reason to refuse a file scanned lately.
  const signatures = await scanner.signatures().catch(() => undefined);
  if (age < rescanAfterHours * HOUR_MS && (signatures === undefined || signatures === file.scanned_with)) return;

  const verdict = await scanner.scan(bytes).catch((err: unknown) => {
    if (err instanceof ScannerUnavailableError) {
      throw new AppError("unavailable", "the virus scanner must check this file again and is not answering; try again in a few minutes", undefined, { cause: err });
    }
    throw err;
  });
  if (verdict.kind === "clean") {
    await ctx.db.updateTable("attachments").set({ scanned_at: nowIso(ctx), scanned_with: signatures ?? null }).where("id", "=", file.id).execute();
    return;
  }
  if (verdict.kind === "unscannable") {
    // It was clean before and nothing says otherwise: no quarantine, but no hand-out unchecked either.
    throw new AppError("unavailable", `the virus scanner could not check this file again (${verdict.reason})`, { unscannable: true });
  }
  const first = await inTransaction(ctx, async (tx) => {
    // Two downloads at once: one quarantine, one event.
    const marked = await tx.db.updateTable("attachments").set({ quarantine: verdict.signature }).where("id", "=", file.id).where("quarantine", "is", null).executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) return false;
    await recordEvent(tx, "attachment.quarantined", file.ticket_id, { attachmentId: file.id, filename: file.filename, signature: verdict.signature });
    return true;
  });
  if (first) ctx.log.warn({ attachmentId: file.id, signature: verdict.signature }, "stored file quarantined: a later virus scan found malware");
  throw quarantined(file.filename, verdict.signature);
}

/** A file an export leaves out, and why; undefined for one it may carry. Throws while the scanner cannot say. */
export async function withheldReason(ctx: Ctx, file: ScannedFile, bytes: Buffer): Promise<string | undefined> {
  try {
    await assertStillClean(ctx, file, bytes);
    return undefined;
  } catch (err) {
    if (isAppError(err) && err.code === "quarantined") return "flagged by the virus scanner";
    if (isAppError(err) && err.details?.unscannable) return "the virus scanner could not check it";
    throw err;
  }
}

const quarantined = (filename: string, signature: string) =>
  new AppError("quarantined", `the virus scanner now finds ${signature} in ${filename}: it is kept, but not handed out`);
