import type { Ctx } from "../../context.ts";
import type { Mailbox } from "./mailbox.ts";
import { splitPlusAddress } from "./mailbox.ts";

export async function listMailboxes(ctx: Ctx): Promise<Mailbox[]> {
  return ctx.db.selectFrom("mailboxes").select(["id", "address", "name"]).orderBy("created_at").execute();
}

export async function findMailboxById(ctx: Ctx, id: string): Promise<Mailbox | undefined> {
  return ctx.db.selectFrom("mailboxes").select(["id", "address", "name"]).where("id", "=", id).executeTakeFirst();
}

/**
 * The configured mailbox an address (possibly plus-addressed) belongs to. A mailbox taken out of the
 * configuration keeps its row (its tickets stay) but takes no new mail.
 */
export async function findMailboxForAddress(ctx: Ctx, address: string): Promise<Mailbox | undefined> {
  const { base } = splitPlusAddress(address);
  if (!ctx.services.config.mailboxes.some((m) => m.address.toLowerCase() === base)) return undefined;
  return ctx.db.selectFrom("mailboxes").select(["id", "address", "name"]).where("address", "=", base).executeTakeFirst();
}
