// One change applied to a selection of tickets: each goes through updateTicket, so each records its own event.
import { inTransaction, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { mailboxScope } from "../access/access.policy.ts";
import { updateTicket, type TicketPatch } from "./ticket.commands.ts";
import type { TicketPriority, TicketStatus } from "./ticket.ts";

export const BULK_LIMIT = 500;

export type BulkPatch = { status?: TicketStatus; priority?: TicketPriority; assigneeId?: string | null; addTags?: string[] };

/**
 * Applies the patch to every ticket of `ids` the actor may see, all or nothing.
 * Ids outside the actor's mailboxes, or unknown, are skipped exactly alike, so the answer reveals nothing about them.
 */
export async function bulkUpdateTickets(ctx: Ctx, ids: string[], patch: BulkPatch): Promise<{ updated: number }> {
  const unique = [...new Set(ids)];
  if (unique.length > BULK_LIMIT) throw new AppError("invalid_input", `at most ${BULK_LIMIT} tickets at a time`);
  if (unique.length === 0) return { updated: 0 };
  const scope = mailboxScope(ctx);
  return inTransaction(ctx, async (tx) => {
    let q = tx.db.selectFrom("tickets").select(["id", "tags_json"]).where("id", "in", unique);
    if (scope !== "all") q = q.where("mailbox_id", "in", scope.length ? scope : ["-"]);
    const tickets = await q.orderBy("id").execute();
    for (const t of tickets) {
      const change: TicketPatch = { status: patch.status, priority: patch.priority, assigneeId: patch.assigneeId };
      if (patch.addTags?.length) change.tags = [...(JSON.parse(t.tags_json) as string[]), ...patch.addTags];
      await updateTicket(tx, t.id, change);
    }
    return { updated: tickets.length };
  });
}
