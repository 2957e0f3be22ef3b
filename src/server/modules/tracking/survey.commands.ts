// Satisfaction survey: offered once a ticket is solved, one answer per ticket, changeable for a week.
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { redactText } from "../../ingest/redact/index.ts";
import { recordEvent } from "../events/event.commands.ts";
import { findTicketById } from "../tickets/ticket.repo.ts";
import { SURVEY_CHANGE_DAYS } from "./ticket.customer-present.ts";
import { findSurvey } from "./tracking.queries.ts";

export const SURVEY_COMMENT_MAX = 2000;

export async function submitSurvey(
  ctx: Ctx, input: { ticketId: string; address: string; rating: number; comment: string },
): Promise<{ changed: boolean }> {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw new AppError("invalid_input", "rating must be 1 to 5");
  if (input.comment.length > SURVEY_COMMENT_MAX) throw new AppError("invalid_input", `a comment can have at most ${SURVEY_COMMENT_MAX} characters`);
  // Customers are told not to, but a comment is stored text like any other: secrets go first.
  const { text: comment } = redactText(input.comment.replace(/\r\n/g, "\n").trim());
  return inTransaction(ctx, async (tx) => {
    const ticket = await findTicketById(tx, input.ticketId);
    if (!ticket) throw new AppError("not_found", "ticket not found");
    if (ticket.status !== "solved" && ticket.status !== "closed") throw new AppError("conflict", "the survey opens once the request is solved");
    const existing = await findSurvey(tx, input.ticketId);
    const now = nowIso(tx);
    if (existing) {
      if (Date.parse(existing.created_at) + SURVEY_CHANGE_DAYS * 86_400_000 <= tx.clock.now().getTime()) {
        throw new AppError("conflict", "this answer can no longer be changed");
      }
      await tx.db.updateTable("satisfaction_surveys").set({ rating: input.rating, comment, address: input.address, updated_at: now })
        .where("ticket_id", "=", input.ticketId).execute();
    } else {
      await tx.db.insertInto("satisfaction_surveys").values({
        ticket_id: input.ticketId, rating: input.rating, comment, address: input.address, created_at: now, updated_at: now,
      }).execute();
    }
    await recordEvent(tx, "survey.submitted", input.ticketId, { rating: input.rating, changed: !!existing });
    return { changed: !!existing };
  });
}
