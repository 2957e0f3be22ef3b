import { nowIso, type Ctx } from "../../context.ts";
import { newId } from "../../ids.ts";
import type { Mailbox } from "./mailbox.ts";
import { listMailboxes } from "./mailbox.repo.ts";

/** Makes sure every configured support address exists (names follow the configuration). */
export async function syncMailboxes(ctx: Ctx, configured: { address: string; name: string }[]): Promise<Mailbox[]> {
  const existing = new Map((await listMailboxes(ctx)).map((m) => [m.address, m]));
  for (const m of configured) {
    const found = existing.get(m.address);
    if (!found) {
      await ctx.db.insertInto("mailboxes").values({ id: newId(), address: m.address, name: m.name, created_at: nowIso(ctx) })
        .onConflict((oc) => oc.column("address").doNothing()).execute();
    } else if (found.name !== m.name) {
      await ctx.db.updateTable("mailboxes").set({ name: m.name }).where("id", "=", found.id).execute();
    }
  }
  return listMailboxes(ctx);
}
