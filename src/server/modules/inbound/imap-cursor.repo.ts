// Where each polled IMAP account stands: the folder's UIDVALIDITY, the last UID taken in, and whether
// the account is polled normally, backing off after an error, or disabled until reconfigured.
import { nowIso, type Ctx } from "../../context.ts";

export type ImapAccountState = "active" | "backoff" | "disabled";

export type ImapCursor = {
  account: string;
  /** Null until the folder has been opened once. */
  uidValidity: string | null;
  lastUid: number;
  state: ImapAccountState;
  lastError: string | null;
  updatedAt: string;
};

type Row = { account: string; uid_validity: string; last_uid: number; state: string; last_error: string | null; updated_at: string };

const toCursor = (row: Row): ImapCursor => ({
  account: row.account,
  uidValidity: row.uid_validity === "" ? null : row.uid_validity,
  lastUid: Number(row.last_uid),
  state: row.state as ImapAccountState,
  lastError: row.last_error,
  updatedAt: row.updated_at,
});

export async function findImapCursor(ctx: Ctx, account: string): Promise<ImapCursor | undefined> {
  const row = await ctx.db.selectFrom("imap_cursors").selectAll().where("account", "=", account).executeTakeFirst();
  return row ? toCursor(row) : undefined;
}

export async function listImapCursors(ctx: Ctx): Promise<ImapCursor[]> {
  const rows = await ctx.db.selectFrom("imap_cursors").selectAll().orderBy("account").execute();
  return rows.map(toCursor);
}

/**
 * Starts (or restarts) reading a folder generation: stores its UIDVALIDITY and the UID reached so far,
 * and marks the account active.
 */
export async function openImapCursor(ctx: Ctx, account: string, uidValidity: string, lastUid: number): Promise<void> {
  const now = nowIso(ctx);
  await ctx.db.insertInto("imap_cursors")
    .values({ account, uid_validity: uidValidity, last_uid: lastUid, state: "active", last_error: null, updated_at: now })
    .onConflict((oc) => oc.column("account").doUpdateSet({ uid_validity: uidValidity, last_uid: lastUid, state: "active", last_error: null, updated_at: now }))
    .execute();
}

/** Moves the cursor past one message. Never moves it back, and only within the same folder generation. */
export async function advanceImapCursor(ctx: Ctx, account: string, uidValidity: string, uid: number): Promise<void> {
  await ctx.db.updateTable("imap_cursors")
    .set({ last_uid: uid, updated_at: nowIso(ctx) })
    .where("account", "=", account)
    .where("uid_validity", "=", uidValidity)
    .where("last_uid", "<", uid)
    .execute();
}

/** Records a failure (or recovery) without touching the position. */
export async function setImapAccountState(ctx: Ctx, account: string, state: ImapAccountState, lastError: string | null): Promise<void> {
  const now = nowIso(ctx);
  await ctx.db.insertInto("imap_cursors")
    .values({ account, uid_validity: "", last_uid: 0, state, last_error: lastError, updated_at: now })
    .onConflict((oc) => oc.column("account").doUpdateSet({ state, last_error: lastError, updated_at: now }))
    .execute();
}
