// Survey results for supervisors: newest first, within the mailboxes the reader may see, with a summary.
import type { Ctx } from "../../context.ts";
import { encodeTimeCursor } from "../../paging.ts";
import { formatTicketNumber } from "../tickets/ticket.ts";

export type SurveyFilter = { mailboxIds: string[] | "all"; mailboxId?: string; from?: string; to?: string; cursor?: { at: string; id: string }; limit: number };

function scoped(ctx: Ctx, f: SurveyFilter) {
  let q = ctx.db.selectFrom("satisfaction_surveys").innerJoin("tickets", "tickets.id", "satisfaction_surveys.ticket_id");
  if (f.mailboxIds !== "all") q = q.where("tickets.mailbox_id", "in", f.mailboxIds.length ? f.mailboxIds : ["-"]);
  if (f.mailboxId) q = q.where("tickets.mailbox_id", "=", f.mailboxId);
  if (f.from) q = q.where("satisfaction_surveys.updated_at", ">=", f.from);
  if (f.to) q = q.where("satisfaction_surveys.updated_at", "<", f.to);
  return q;
}

export async function listSurveys(ctx: Ctx, f: SurveyFilter) {
  let q = scoped(ctx, f).select([
    "satisfaction_surveys.ticket_id", "satisfaction_surveys.rating", "satisfaction_surveys.comment",
    "satisfaction_surveys.created_at", "satisfaction_surveys.updated_at",
    "tickets.number", "tickets.subject", "tickets.mailbox_id", "tickets.assignee_id", "tickets.category",
  ]);
  if (f.cursor) {
    const { at, id } = f.cursor;
    q = q.where((eb) => eb.or([
      eb("satisfaction_surveys.updated_at", "<", at),
      eb.and([eb("satisfaction_surveys.updated_at", "=", at), eb("satisfaction_surveys.ticket_id", "<", id)]),
    ]));
  }
  const rows = await q.orderBy("satisfaction_surveys.updated_at", "desc").orderBy("satisfaction_surveys.ticket_id", "desc").limit(f.limit).execute();
  const counts = await scoped(ctx, { ...f, cursor: undefined })
    .select(["satisfaction_surveys.rating", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("satisfaction_surveys.rating").execute();
  const distribution: Record<"1" | "2" | "3" | "4" | "5", number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let total = 0;
  let sum = 0;
  for (const c of counts) {
    const n = Number(c.n);
    const key = String(c.rating) as keyof typeof distribution;
    if (key in distribution) distribution[key] = n;
    total += n;
    sum += n * Number(c.rating);
  }
  const prefix = ctx.services.config.ticketPrefix;
  const last = rows[rows.length - 1];
  return {
    surveys: rows.map((r) => ({
      ticketId: r.ticket_id, ticketNumber: formatTicketNumber(prefix, r.number), subject: r.subject, mailboxId: r.mailbox_id,
      assigneeId: r.assignee_id, category: r.category, rating: r.rating, comment: r.comment, createdAt: r.created_at, updatedAt: r.updated_at,
    })),
    summary: { count: total, average: total ? Math.round((sum / total) * 100) / 100 : null, distribution },
    nextCursor: rows.length === f.limit && last ? encodeTimeCursor({ at: last.updated_at, id: last.ticket_id }) : null,
  };
}

