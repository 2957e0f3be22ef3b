// An account started without importExisting leaves the mail already in its folder alone. A new
// UIDVALIDITY (server migration, rebuilt folder) makes that mail look new: its UIDs restart below the
// cursor and dedupe has nothing to match it with, since it was never taken in. So the first pass stores a
// cut-off, and after a UIDVALIDITY change the messages that were in the re-read folder and that the
// server received at or before the cut-off (INTERNALDATE, which migrations keep) are left alone too.
// Newer ones are read again: any we already have are dropped by dedupe, any we missed are taken in.
import type { ImapFlow } from "imapflow";
import type { Ctx } from "../../context.ts";

/**
 * The cut-off for mail "already there": now, to the second below, as INTERNALDATE has whole seconds,
 * so mail received in the same second as the first pass counts as already there.
 */
export function oldMailCutoffNow(ctx: Ctx): string {
  const now = ctx.clock.now().getTime();
  return new Date(now - (now % 1000)).toISOString();
}

/**
 * UIDs in [from, below) that the server received at or before `cutoff`: one FETCH of INTERNALDATE
 * (index data, no message is opened), streamed, so a large folder costs a few bytes per message.
 */
export async function oldMailUids(client: ImapFlow, from: number, below: number, cutoff: string): Promise<Set<number>> {
  const old = new Set<number>();
  if (from >= below) return old;
  const limit = new Date(cutoff).getTime();
  for await (const m of client.fetch(`${from}:${below - 1}`, { uid: true, internalDate: true }, { uid: true })) {
    // No date given: not provably old, so it is taken in (dedupe drops it if we have it).
    if (m.uid < below && m.internalDate && new Date(m.internalDate).getTime() <= limit) old.add(m.uid);
  }
  return old;
}

/** UIDNEXT as the server reported it, or else one past the highest UID in the folder (0 when empty). */
export async function nextUid(client: ImapFlow, uidNext: number | undefined): Promise<number> {
  if (uidNext) return uidNext;
  const last = await client.fetchOne("*", { uid: true });
  return last ? last.uid + 1 : 0;
}
