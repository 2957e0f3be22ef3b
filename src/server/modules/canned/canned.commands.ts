// Canned responses: shared answers agents insert into a reply, with variables filled per ticket.
import { nowIso, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { formatTicketNumber } from "../tickets/ticket.ts";
import { findCannedNames, insertCannedResponseRow, listCannedResponseRows } from "./canned.repo.ts";
import { renderCanned } from "./render-canned.ts";

export type CannedResponse = { id: string; title: string; body: string };

export const CANNED_TITLE_MAX = 200;
export const CANNED_BODY_MAX = 20_000;

export async function listCannedResponses(ctx: Ctx): Promise<CannedResponse[]> {
  return (await listCannedResponseRows(ctx)).map((r) => ({ id: r.id, title: r.title, body: r.body }));
}

export async function createCannedResponse(ctx: Ctx, input: { title: string; body: string }): Promise<CannedResponse> {
  const title = input.title.trim();
  const body = input.body.replace(/\r\n/g, "\n");
  if (!title || title.length > CANNED_TITLE_MAX) throw new AppError("invalid_input", `title must be 1 to ${CANNED_TITLE_MAX} characters`);
  if (!body.trim() || body.length > CANNED_BODY_MAX) throw new AppError("invalid_input", `body must be 1 to ${CANNED_BODY_MAX} characters`);
  const id = newId(ctx.clock.now().getTime());
  await insertCannedResponseRow(ctx, { id, title, body, createdBy: ctx.actor.kind === "agent" ? ctx.actor.id : null, now: nowIso(ctx) });
  return { id, title, body };
}

/** Each response with its variables filled in for one ticket and the acting agent. */
export async function renderCannedResponsesFor(
  ctx: Ctx, ticket: { number: number; customer_id: string }, responses: CannedResponse[],
): Promise<(CannedResponse & { rendered: string })[]> {
  const names = await findCannedNames(ctx, ticket.customer_id, ctx.actor.kind === "agent" ? ctx.actor.id : null);
  const values = { ...names, ticketNumber: formatTicketNumber(ctx.services.config.ticketPrefix, ticket.number) };
  return responses.map((r) => ({ ...r, rendered: renderCanned(r.body, values) }));
}
