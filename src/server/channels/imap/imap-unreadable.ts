// A message the IMAP server refuses to hand over (a damaged or unreadable file on its side). It is
// retried on the next passes, since such trouble can pass; after MESSAGE_ATTEMPTS failures in a row it
// is left in the folder, the admins are alerted with its account and UID, and the cursor moves past it,
// so one bad message never holds back the mail behind it. The count is stored with the cursor, so a
// restart does not start it over.
import type { Logger } from "pino";
import type { ImapAccountConfig } from "../../config.ts";
import type { Ctx } from "../../context.ts";
import { advanceImapCursor } from "../../modules/inbound/imap-cursor.repo.ts";
import { raiseAlert } from "../../modules/alerts/alert.commands.ts";
import { countMessageFailure } from "./imap-cursor-marks.ts";
import type { ImapMessageError } from "./imap-errors.ts";

/** Failed deliveries of one message, on separate passes, before it is left in the folder. */
export const MESSAGE_ATTEMPTS = 3;

export type UnreadableOutcome = "retry" | "left";

/**
 * Counts this failure. "retry": the pass should end with the cursor before the message (the caller
 * rethrows, so the account backs off briefly). "left": the cursor is past it and the rest can follow.
 */
export async function onUnreadableMessage(
  ctx: Ctx, account: ImapAccountConfig, uidValidity: string, err: ImapMessageError, log: Logger,
): Promise<UnreadableOutcome> {
  const attempts = await countMessageFailure(ctx, account.name, err.uid);
  if (attempts < MESSAGE_ATTEMPTS) {
    log.warn({ uid: err.uid, attempt: attempts, of: MESSAGE_ATTEMPTS, err: err.message }, "imap server could not deliver a message; trying it again on the next pass");
    return "retry";
  }
  const message = `IMAP account ${account.name}: message UID ${err.uid} in ${account.folder} (UIDVALIDITY ${uidValidity}) could not be fetched ${attempts} times in a row; left in the folder, not taken in. Last failure: ${err.message}`;
  log.error({ uid: err.uid, attempts, uidValidity, err: err.message }, "imap message the server cannot deliver; left in the folder and skipped");
  await alertMessageLeft(ctx, account, message);
  await advanceImapCursor(ctx, account.name, uidValidity, err.uid);
  return "left";
}

/** Tells the admins a message was left in the folder. One alert per account, like oversized mail: it counts them and names the latest. */
export async function alertMessageLeft(ctx: Ctx, account: ImapAccountConfig, message: string): Promise<void> {
  await raiseAlert(ctx, { kind: "imap.unreadable", key: `imap.unreadable:${account.name}`, message });
}
