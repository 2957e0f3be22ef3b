// A file found clean when it arrived may be known malware a day later. Before a stored file is handed to
// anyone (an agent's download, a customer's), it is scanned again when the scanner's signatures have
// changed since, or its last clean scan is older than `virusScan.rescanAfterHours`. Found infected
// then, it is quarantined: kept (nothing is lost), named on the ticket, handed to no one.
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { ScannerUnavailableError } from "../../security/clamd-scanner.ts";
import { recordEvent } from "../events/event.commands.ts";

export type ScannedFile = {
  id: string; filename: string; ticket_id: string;
  scanned_at: string | null; scanned_with: string | null; quarantine: string | null;
};

const HOUR_MS = 3_600_000;

/** Throws `quarantined` (409) for a file found infected, `unavailable` (503) while no verdict can be had. */
export async function assertStillClean(ctx: Ctx, file: ScannedFile, bytes: Buffer): Promise<void> {
  if (file.quarantine) throw quarantined(file.filename, file.quarantine);
  const scanner = ctx.services.virusScanner;
  const rescanAfterHours = ctx.services.config.virusScan?.rescanAfterHours;
  if (!scanner || rescanAfterHours === undefined) return;
  const unavailable = (err: unknown): never => {
    if (err instanceof ScannerUnavailableError) {
      throw new AppError("unavailable", "the virus scanner must check this file again and is not answering; try again in a few minutes", undefined, { cause: err });
    }
    throw err;
  };
  const signatures = await scanner.signatures().catch(unavailable);
  const age = file.scanned_at ? ctx.clock.now().getTime() - Date.parse(file.scanned_at) : Infinity;
  if (file.scanned_with === signatures && age < rescanAfterHours * HOUR_MS) return;

  const verdict = await scanner.scan(bytes).catch(unavailable);
  if (verdict.kind === "clean") {
    await ctx.db.updateTable("attachments").set({ scanned_at: nowIso(ctx), scanned_with: signatures }).where("id", "=", file.id).execute();
    return;
  }
  if (verdict.kind === "unscannable") {
    // It was clean before and nothing says otherwise: no quarantine, but no hand-out unchecked either.
    throw new AppError("unavailable", `the virus scanner could not check this file again (${verdict.reason}); try again later`);
  }
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable("attachments").set({ quarantine: verdict.signature }).where("id", "=", file.id).execute();
    await recordEvent(tx, "attachment.quarantined", file.ticket_id, { attachmentId: file.id, filename: file.filename, signature: verdict.signature });
  });
  ctx.log.warn({ attachmentId: file.id, signature: verdict.signature }, "stored file quarantined: a later virus scan found malware");
  throw quarantined(file.filename, verdict.signature);
}

const quarantined = (filename: string, signature: string) =>
  new AppError("quarantined", `the virus scanner now finds ${signature} in ${filename}: it is kept, but not handed out`);
