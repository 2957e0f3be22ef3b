// One sync pass for one IMAP account: connect, open the folder, take in every message above the cursor
// (oldest first, at most one batch), log out. The cursor moves past a message only after intake has it
// durably, so a crash can re-import at most one message, which dedupe then drops; it never skips one.
import type { ImapFlow } from "imapflow";
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
import { classifyImapError, describeImapError, ImapSettingsError, type ImapFailure } from "./imap-errors.ts";

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
  const result: ImapSyncResult = { fetched: 0, accepted: 0, tooLarge: 0, uidValidityChanged: false, more: false, failure: null };
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
    const batch = uids.slice(0, pass.batchSize);
    result.more = uids.length > batch.length;
    const sizes = await messageSizes(client, batch);
    for (const uid of batch) {
      if (pass.signal?.aborted) {
        result.more = true;
        break;
      }
      const size = sizes.get(uid);
      if (size !== undefined && size > pass.ctx.services.config.smtp.maxMessageBytes) await leaveOversized(pass, uidValidity, uid, size);
      else await takeInMessage(pass, uidValidity, uid);
    }
    if (result.fetched > 0) log.info({ fetched: result.fetched, accepted: result.accepted, more: result.more }, "imap pass done");
  } finally {
    lock.release();
  }
}

/**
 * Reads the stored position for this folder generation; a new UIDVALIDITY starts over from UID 0.
 * The very first pass starts after the mail already in the folder, unless the account asks to import it:
 * pointing PayDesk at a busy mailbox must not turn years of old mail into tickets and acknowledgements.
 */
async function resumeCursor(pass: Pass, uidValidity: string, uidNext: number | undefined): Promise<number> {
  const { ctx, account, log, result } = pass;
  const cursor = await findImapCursor(ctx, account.name);
  // The folder is open: whatever disabled the account (credentials, folder name) is fixed.
  if (cursor && cursor.state === "disabled") await resolveAlert(ctx, disabledAlertKey(account));
  if (!cursor || cursor.uidValidity === null) {
    const start = account.importExisting || !uidNext ? 0 : uidNext - 1;
    if (start > 0) log.info({ folder: account.folder, startAfterUid: start }, "imap first pass: mail already in the folder is left as it is (importExisting: false)");
    await openImapCursor(ctx, account.name, uidValidity, start);
    return start;
  }
  if (cursor.uidValidity !== uidValidity) {
    result.uidValidityChanged = true;
    log.warn({ previous: cursor.uidValidity, current: uidValidity, folder: account.folder },
      "imap folder UIDVALIDITY changed: re-reading the whole folder, duplicates are dropped by intake");
    await openImapCursor(ctx, account.name, uidValidity, 0);
    return 0;
  }
  if (cursor.state !== "active" || cursor.lastError !== null) {
    log.info({ previousState: cursor.state }, "imap account reachable again");
    await setImapAccountState(ctx, account.name, "active", null);
  }
  return cursor.lastUid;
}

/** RFC822.SIZE of each message, in one FETCH, so an oversized one is never downloaded. */
async function messageSizes(client: ImapFlow, uids: number[]): Promise<Map<number, number>> {
  const sizes = new Map<number, number>();
  if (!uids.length) return sizes;
  for await (const m of client.fetch(uids.join(","), { uid: true, size: true }, { uid: true })) {
    if (typeof m.size === "number") sizes.set(m.uid, m.size);
  }
  return sizes;
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
  await advanceImapCursor(ctx, account.name, uidValidity, uid);
}

async function takeInMessage(pass: Pass, uidValidity: string, uid: number): Promise<void> {
  const { ctx, account, client, log, result } = pass;
  const message = await client.fetchOne(String(uid), { uid: true, source: true, internalDate: true }, { uid: true });
  if (!message || !message.source) {
    // Expunged by another client between SEARCH and FETCH: nothing left to take in.
    log.warn({ uid }, "imap message vanished before it could be fetched; skipping it");
    await advanceImapCursor(ctx, account.name, uidValidity, uid);
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
      await advanceImapCursor(ctx, account.name, uidValidity, uid);
      return;
    }
    throw err;
  }
  result.accepted += 1;
  await advanceImapCursor(ctx, account.name, uidValidity, uid);
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
  const state = failure.action === "disable" ? "disabled" : "backoff";
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
  } else {
    log.warn({ reason: failure.reason, err: failure.message }, "imap pass failed; backing off");
  }
}

const disabledAlertKey = (account: ImapAccountConfig) => `imap.disabled:${account.name}`;
