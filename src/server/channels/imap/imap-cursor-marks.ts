// What an account's cursor row remembers besides its position (imap-cursor.repo.ts keeps that): the
// cut-off for mail that was already in the folder, and the message the server keeps failing to deliver.
import { nowIso, type Ctx } from "../../context.ts";

export type CursorMarks = {
  /** Mail the server received up to this instant was in the folder before the account started; null: import it all. */
  oldMailBefore: string | null;
  /** In the current folder generation, UIDs below this were there when it was re-read; the cut-off applies to them. */
  oldMailBelowUid: number;
  failingUid: number | null;
  failingCount: number;
};

export async function readCursorMarks(ctx: Ctx, account: string): Promise<CursorMarks> {
  const row = await ctx.db.selectFrom("imap_cursors")
    .select(["old_mail_before", "old_mail_below_uid", "failing_uid", "failing_count"])
    .where("account", "=", account).executeTakeFirst();
  return {
    oldMailBefore: row?.old_mail_before ?? null,
    oldMailBelowUid: Number(row?.old_mail_below_uid ?? 0),
    failingUid: row?.failing_uid === null || row?.failing_uid === undefined ? null : Number(row.failing_uid),
    failingCount: Number(row?.failing_count ?? 0),
  };
}

/** Set once, when the account first opens its folder without importing what is there; kept across UIDVALIDITY changes. */
export async function setOldMailCutoff(ctx: Ctx, account: string, before: string): Promise<void> {
  await ctx.db.updateTable("imap_cursors").set({ old_mail_before: before }).where("account", "=", account).execute();
}

/** A new folder generation: the cut-off covers its UIDs below `belowUid`; a failure count of the old one means nothing now. */
export async function startGeneration(ctx: Ctx, account: string, belowUid: number): Promise<void> {
  await ctx.db.updateTable("imap_cursors")
    .set({ old_mail_below_uid: belowUid, failing_uid: null, failing_count: 0 })
    .where("account", "=", account).execute();
}

/** Counts one more failed delivery of `uid` (a different UID starts over at 1); returns the count. */
export async function countMessageFailure(ctx: Ctx, account: string, uid: number): Promise<number> {
  const marks = await readCursorMarks(ctx, account);
  const count = marks.failingUid === uid ? marks.failingCount + 1 : 1;
  await ctx.db.updateTable("imap_cursors")
    .set({ failing_uid: uid, failing_count: count, updated_at: nowIso(ctx) })
    .where("account", "=", account).execute();
  return count;
}

export async function clearMessageFailure(ctx: Ctx, account: string): Promise<void> {
  await ctx.db.updateTable("imap_cursors").set({ failing_uid: null, failing_count: 0 })
    .where("account", "=", account).where("failing_uid", "is not", null).execute();
}
