// One sync pass for one IMAP account: connect, open the folder, take in every message above the cursor
// (oldest first, at most one batch), log out. The cursor moves past a message only after intake has it
// durably, so a crash can re-import at most one message, which dedupe then drops; it never skips one.
// The exceptions are said aloud: oversized mail and mail the server will not deliver are left in the
// folder with an alert, and mail that was there before the account started stays out (imap-old-mail.ts).
import type { FetchQueryObject, ImapFlow } from "imapflow";
import type { Logger } from "pino";
import type { ImapAccountConfig } from "../../config.ts";
import { childCtx, type Ctx } from "../../context.ts";
import { isAppError } from "../../errors.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import {
  advanceImapCursor, findImapCursor, openImapCursor, setImapAccountState,
} from "../../modules/inbound/imap-cursor.repo.ts";
import { raiseAlert, resolveAlert } from "../../modules/alerts/alert.commands.ts";
import { closeImapClient, createImapClient, type ImapClientOptions } from "./imap-client.ts";
import { clearMessageFailure, readCursorMarks, setOldMailCutoff, startGeneration, type CursorMarks } from "./imap-cursor-marks.ts";
import {
  classifyImapError, describeImapError, describeMessageRefusal, ImapMessageError, ImapSettingsError, isMessageRefusal, type ImapFailure,
} from "./imap-errors.ts";
import { nextUid, oldMailCutoffNow, oldMailUids } from "./imap-old-mail.ts";
import { alertMessageLeft, onUnreadableMessage } from "./imap-unreadable.ts";

export const DEFAULT_BATCH_SIZE = 200;
/** After shutdown is requested, how long a pass may take to finish its current step before the socket is cut. */
const STOP_GRACE_MS = 5_000;

export type ImapSyncOptions = {
  /** Most messages taken in by one pass; the rest wait for the next (keeps memory and pass time flat). */
  batchSize?: number;
  /** Aborting ends the pass after the message in hand; the cursor stays consistent. */
  signal?: AbortSignal;
  client?: ImapClientOptions;
};

export type ImapSyncResult = {
  /** Messages downloaded in this pass. */
  fetched: number;
  /** Messages intake stored (each has its processing job queued). */
  accepted: number;
  /** Messages over the size limit: left in the folder, not downloaded, admins alerted. */
  tooLarge: number;
  /** Messages the server failed to deliver MESSAGE_ATTEMPTS times: left in the folder, admins alerted. */
  unreadable: number;
  /** After a UIDVALIDITY change: messages received before the account started (importExisting false), left alone. */
  oldMail: number;
  /** The folder's UIDVALIDITY differed from the stored one, so the cursor restarted from the beginning. */
  uidValidityChanged: boolean;
  /** More new messages wait beyond this pass's batch. */
  more: boolean;
  /** Why the pass ended early, as recorded on the account; null when it completed (or was stopped). */
  failure: ImapFailure | null;
};

type Pass = {
  ctx: Ctx;
  account: ImapAccountConfig;
  client: ImapFlow;
  log: Logger;
  batchSize: number;
  signal: AbortSignal | undefined;
  result: ImapSyncResult;
  marks: CursorMarks;
};

/** The support address an account receives for. */
export function imapMailboxAddress(ctx: Ctx, account: ImapAccountConfig): string {
  return account.mailbox ?? ctx.services.config.mailboxes[0]!.address;
}

/**
 * Runs exactly one pass and records the outcome on the account's cursor row (active, backoff or
 * disabled). Never throws for IMAP, network or intake errors: they are classified and returned.
 */
export async function syncImapAccountOnce(ctx: Ctx, account: ImapAccountConfig, options: ImapSyncOptions = {}): Promise<ImapSyncResult> {
  const log = ctx.log.child({ service: "imap", account: account.name });
  const result: ImapSyncResult = {
    fetched: 0, accepted: 0, tooLarge: 0, unreadable: 0, oldMail: 0, uidValidityChanged: false, more: false, failure: null,
  };
  const client = createImapClient(account, log, options.client);
  const signal = options.signal;
  let graceTimer: NodeJS.Timeout | null = null;
  const onAbort = () => {
    // Not logged in yet: nothing to finish, cut the attempt. Otherwise let the current step end.
    if (!client.authenticated) client.close();
    else graceTimer = setTimeout(() => client.close(), STOP_GRACE_MS).unref();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  const pass: Pass = {
    ctx: childCtx(ctx, { log, requestId: `imap:${account.name}` }),
    account, client, log, signal, result,
    batchSize: Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE),
    marks: { oldMailBefore: null, oldMailBelowUid: 0, failingUid: null, failingCount: 0 },
  };
  try {
    if (!signal?.aborted) await runPass(pass);
  } catch (err) {
    if (signal?.aborted) {
      log.info({ err: describeImapError(err) }, "imap pass interrupted by shutdown");
    } else {
      result.failure = classifyImapError(err);
      await recordFailure(ctx, account, result.failure, log);
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await closeImapClient(client);
    if (graceTimer) clearTimeout(graceTimer);
  }
  return result;
}

async function runPass(pass: Pass): Promise<void> {
  const { account, client, log, result } = pass;
  if (account.moveTo !== undefined && account.moveTo === account.folder) {
    // Moving into the folder being read gives every message a new UID: it would be fetched forever.
    throw new ImapSettingsError(`moveTo must differ from folder (both are ${account.folder})`);
  }
  await client.connect();
  if (account.moveTo) await assertFolderExists(client, account.moveTo);
  const lock = await client.getMailboxLock(account.folder, { readOnly: !account.moveTo });
  try {
    if (!client.mailbox) throw new Error(`folder ${account.folder} could not be opened`);
    const uidValidity = client.mailbox.uidValidity.toString();
    const uidNext = client.mailbox.uidNext;
    const lastUid = await resumeCursor(pass, uidValidity, uidNext);
    // Nothing above the cursor: skip the search.
    if (uidNext && uidNext <= lastUid + 1) return;
    const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
    if (!Array.isArray(found)) throw new Error(`UID SEARCH failed in ${account.folder}`);
    // "n:*" always includes the highest UID in use, even when it is below n: keep only newer ones.
    const uids = found.filter((uid) => uid > lastUid).sort((a, b) => a - b);
    const { oldMailBefore, oldMailBelowUid } = pass.marks;
    const old = oldMailBefore && uids.length ? await oldMailUids(client, lastUid + 1, oldMailBelowUid, oldMailBefore) : new Set<number>();
    await takeInUids(pass, uidValidity, uids, old);
    if (result.oldMail > 0) {
      log.info({ oldMail: result.oldMail, receivedUpTo: oldMailBefore },
        "imap folder re-read after a UIDVALIDITY change: mail that was there before the account started is left alone (importExisting: false)");
    }
    if (result.fetched > 0) log.info({ fetched: result.fetched, accepted: result.accepted, more: result.more }, "imap pass done");
  } finally {
    lock.release();
  }
}

/**
 * Takes in `uids` in order, at most one batch of them; `old` ones (there before the account started) are
 * passed over without counting against the batch, the cursor moving past them with the next message.
 */
async function takeInUids(pass: Pass, uidValidity: string, uids: number[], old: Set<number>): Promise<void> {
  const { ctx, account, client, result } = pass;
  let handled = 0;
  let passedOld = 0;
  const movePastOld = async () => {
    if (passedOld > 0) await advanceImapCursor(ctx, account.name, uidValidity, passedOld);
    passedOld = 0;
  };
  for (const uid of uids) {
    if (pass.signal?.aborted) {
      result.more = true;
      break;
    }
    if (old.has(uid)) {
      result.oldMail += 1;
      passedOld = uid;
      continue;
    }
    if (handled >= pass.batchSize) {
      result.more = true;
      break;
    }
    await movePastOld();
    handled += 1;
    try {
      await takeInOrLeave(pass, uidValidity, uid);
    } catch (err) {
      if (!(err instanceof ImapMessageError)) throw err;
      if (await onUnreadableMessage(ctx, account, uidValidity, err, pass.log) === "retry") throw err;
      result.unreadable += 1;
      if (!client.usable) {
        // The server hung up over that message: the rest follow on the next pass, started at once.
        result.more = true;
        return;
      }
    }
  }
  await movePastOld();
}

/**
 * Reads the stored position for this folder generation; a new UIDVALIDITY starts over from UID 0.
 * The very first pass starts after the mail already in the folder, unless the account asks to import it:
 * pointing PayDesk at a busy mailbox must not turn years of old mail into tickets and acknowledgements.
 */
async function resumeCursor(pass: Pass, uidValidity: string, uidNext: number | undefined): Promise<number> {
  const { ctx, account, client, log, result } = pass;
  const cursor = await findImapCursor(ctx, account.name);
  // The folder is open: whatever disabled the account (credentials, folder name) is fixed.
  if (cursor && cursor.state === "disabled") await resolveAlert(ctx, disabledAlertKey(account));
  if (!cursor || cursor.uidValidity === null) {
    const start = account.importExisting || !uidNext ? 0 : uidNext - 1;
    if (start > 0) log.info({ folder: account.folder, startAfterUid: start }, "imap first pass: mail already in the folder is left as it is (importExisting: false)");
    await openImapCursor(ctx, account.name, uidValidity, start);
    if (!account.importExisting) await setOldMailCutoff(ctx, account.name, oldMailCutoffNow(ctx));
    pass.marks = await readCursorMarks(ctx, account.name);
    return start;
  }
  pass.marks = await readCursorMarks(ctx, account.name);
  if (cursor.uidValidity !== uidValidity) {
    result.uidValidityChanged = true;
    const { oldMailBefore } = pass.marks;
    log.warn({ previous: cursor.uidValidity, current: uidValidity, folder: account.folder, oldMailBefore },
      oldMailBefore
        ? "imap folder UIDVALIDITY changed: re-reading the folder except mail received before the account started; duplicates are dropped by intake"
        : "imap folder UIDVALIDITY changed: re-reading the whole folder, duplicates are dropped by intake");
    await openImapCursor(ctx, account.name, uidValidity, 0);
    // Only what is in the folder now was there before; whatever arrives later is new, whatever its date.
    await startGeneration(ctx, account.name, oldMailBefore ? await nextUid(client, uidNext) : 0);
    pass.marks = await readCursorMarks(ctx, account.name);
    return 0;
  }
  if (!pass.marks.oldMailBefore && !account.importExisting && uidNext && uidNext <= cursor.lastUid + 1) {
    // Started before the cut-off was kept: once caught up, everything in the folder has been seen
    // (skipped or taken in), so "now" is a safe cut-off for a later UIDVALIDITY change.
    await setOldMailCutoff(ctx, account.name, oldMailCutoffNow(ctx));
  }
  if (cursor.state !== "active" || cursor.lastError !== null) {
    log.info({ previousState: cursor.state }, "imap account back to normal");
    await setImapAccountState(ctx, account.name, "active", null);
  }
  return cursor.lastUid;
}

/** Fetches from one message only, so a failure names it; the server refusing it becomes an ImapMessageError. */
async function fetchFromMessage(pass: Pass, uid: number, query: FetchQueryObject) {
  try {
    return await pass.client.fetchOne(String(uid), { uid: true, ...query }, { uid: true });
  } catch (err) {
    if (!isMessageRefusal(err)) throw err;
    const lost = !pass.client.usable;
    throw new ImapMessageError(uid, `message UID ${uid}: ${describeMessageRefusal(err)}`, lost, { cause: err });
  }
}

/** Size first, so an oversized message is never downloaded; then the message itself. */
async function takeInOrLeave(pass: Pass, uidValidity: string, uid: number): Promise<void> {
  const info = await fetchFromMessage(pass, uid, { size: true });
  if (!info) {
    await messageVanished(pass, uidValidity, uid);
    return;
  }
  if (typeof info.size === "number" && info.size > pass.ctx.services.config.smtp.maxMessageBytes) await leaveOversized(pass, uidValidity, uid, info.size);
  else await takeInMessage(pass, uidValidity, uid);
}

async function messageVanished(pass: Pass, uidValidity: string, uid: number): Promise<void> {
  // Expunged by another client between SEARCH and FETCH: nothing left to take in.
  pass.log.warn({ uid }, "imap message vanished before it could be fetched; skipping it");
  await movePast(pass, uidValidity, uid);
}

/** The cursor moves past `uid`; a failure count kept for it is done with. */
async function movePast(pass: Pass, uidValidity: string, uid: number): Promise<void> {
  await advanceImapCursor(pass.ctx, pass.account.name, uidValidity, uid);
  if (pass.marks.failingUid !== null && pass.marks.failingUid <= uid) {
    await clearMessageFailure(pass.ctx, pass.account.name);
    pass.marks.failingUid = null;
  }
}

/**
 * Over the size limit (smtp.maxMessageBytes, the limit for every channel): not downloaded, left in the
 * folder for a person (never moved), and the admins are alerted with where to find it.
 */
async function leaveOversized(pass: Pass, uidValidity: string, uid: number, size: number): Promise<void> {
  const { ctx, account, log, result } = pass;
  const limit = ctx.services.config.smtp.maxMessageBytes;
  result.tooLarge += 1;
  const message = `IMAP account ${account.name}: message UID ${uid} in ${account.folder} is ${size} bytes, over the ${limit}-byte limit; left in the folder, not taken in`;
  log.error({ uid, size, limit }, "imap message over the size limit; left in the folder and skipped");
  // One alert per account: a folder full of large mail is one mail an hour, counting them.
  await raiseAlert(ctx, { kind: "intake.too_large", key: `intake.too_large:${account.name}`, message });
  await movePast(pass, uidValidity, uid);
}

async function takeInMessage(pass: Pass, uidValidity: string, uid: number): Promise<void> {
  const { ctx, account, client, log, result } = pass;
  const message = await fetchFromMessage(pass, uid, { source: true, internalDate: true });
  if (!message || !message.source) {
    await messageVanished(pass, uidValidity, uid);
    return;
  }
  result.fetched += 1;
  try {
    await acceptInbound(ctx, {
      channel: "imap",
      raw: message.source,
      envelope: {
        mailFrom: null, rcptTo: [], imapAccount: account.name, imapUid: uid,
        imapReceivedAt: message.internalDate ? new Date(message.internalDate).toISOString() : undefined,
      },
      mailboxAddress: imapMailboxAddress(ctx, account),
    });
  } catch (err) {
    // A message intake can never take (it is empty) would block the account forever: leave it in the
    // folder for a person, and go on. Everything else stops the pass with the cursor before this message.
    if (isAppError(err) && err.code === "invalid_input") {
      log.error({ uid, err: err.message }, "imap message refused by intake; left in the folder and skipped");
      // Said to the admins too, as a message the server cannot deliver is: nothing is skipped unseen.
      await alertMessageLeft(ctx, account,
        `IMAP account ${account.name}: message UID ${uid} in ${account.folder} (UIDVALIDITY ${uidValidity}) was refused by intake (${err.message}); left in the folder, not taken in.`);
      await movePast(pass, uidValidity, uid);
      return;
    }
    throw err;
  }
  result.accepted += 1;
  await movePast(pass, uidValidity, uid);
  if (account.moveTo) {
    const moved = await client.messageMove(String(uid), account.moveTo, { uid: true });
    // Already taken in and the cursor is past it, so a failed move only leaves it where it was.
    if (!moved) log.warn({ uid, moveTo: account.moveTo }, "imap message taken in but could not be moved");
  }
}

async function assertFolderExists(client: ImapFlow, path: string): Promise<void> {
  // STATUS throws NotFound for a missing folder (classified as disable); false means some other
  // refusal or a lost connection, which is worth another try later.
  const status = await client.status(path, { messages: true });
  if (status === false) {
    throw Object.assign(new Error(`STATUS of moveTo folder ${path} failed`), client.usable ? {} : { code: "NoConnection" });
  }
}

async function recordFailure(ctx: Ctx, account: ImapAccountConfig, failure: ImapFailure, log: Logger): Promise<void> {
  // One message the server would not deliver says nothing about reaching the account: it stays active,
  // with the failure as its last error until the retry (or leaving the message) clears it.
  const state = failure.action === "disable" ? "disabled" : failure.reason === "message" ? "active" : "backoff";
  try {
    await setImapAccountState(ctx, account.name, state, failure.message);
  } catch (err) {
    log.error({ err: (err as Error).message }, "could not record imap account state");
  }
  if (failure.action === "disable") {
    log.error(
      { reason: failure.reason, err: failure.message, host: account.host, user: account.user, folder: account.folder, moveTo: account.moveTo },
      `IMAP account ${account.name} disabled (${failure.reason}): it stays disabled until PayDesk is restarted with corrected settings for it`,
    );
    const where = `${account.user}@${account.host}, folder ${account.folder}${account.moveTo ? `, moveTo ${account.moveTo}` : ""}`;
    await raiseAlert(ctx, { kind: "imap.disabled", key: disabledAlertKey(account), message: `IMAP account ${account.name} (${where}) disabled, ${failure.reason}: ${failure.message}` })
      .catch((err) => log.error({ err: (err as Error).message }, "could not raise the alert for a disabled imap account"));
  } else if (failure.reason !== "message") {
    log.warn({ reason: failure.reason, err: failure.message }, "imap pass failed; backing off");
  }
}

const disabledAlertKey = (account: ImapAccountConfig) => `imap.disabled:${account.name}`;
