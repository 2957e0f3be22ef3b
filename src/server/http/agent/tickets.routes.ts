// Agent API for tickets: each route shows its chain — auth → validate → load → command → present.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { findAttachment } from "../../modules/attachments/attachment.commands.ts";
import { listTicketEvents } from "../../modules/events/event.commands.ts";
import { addNote, replyToTicket } from "../../modules/tickets/reply.commands.ts";
import { updateTicket } from "../../modules/tickets/ticket.commands.ts";
import { presentMessage, presentTicketSummary } from "../../modules/tickets/ticket.present.ts";
import { findTicketById, findTicketByNumber, listMessageAttachments, listParticipants, listTicketMessages, listTickets } from "../../modules/tickets/ticket.repo.ts";
import { ticketCategories, ticketPriorities, ticketStatuses } from "../../modules/tickets/ticket.ts";
import { requireAgent } from "./require-agent.ts";

const listQuery = z.object({
  status: z.string().optional().transform((s) => s?.split(",").filter(Boolean)),
  priority: z.enum(ticketPriorities).optional(),
  category: z.enum(ticketCategories).optional(),
  assignee: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

const patchBody = z.object({
  status: z.enum(ticketStatuses).optional(),
  priority: z.enum(ticketPriorities).optional(),
  category: z.enum(ticketCategories).optional(),
  assigneeId: z.string().nullable().optional(),
  tags: z.array(z.string().max(50)).max(50).optional(),
}).strict();

const replyBody = z.object({ text: z.string().min(1).max(100_000), status: z.enum(["open", "pending", "on_hold", "solved"]).optional() });
const noteBody = z.object({ text: z.string().min(1).max(100_000) });

const encodeCursor = (t: { updated_at: string; id: string }) => Buffer.from(JSON.stringify([t.updated_at, t.id])).toString("base64url");
function decodeCursor(c: string | undefined) {
  if (!c) return undefined;
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(c, "base64url").toString()) as [string, string];
    return { updatedAt, id };
  } catch {
    throw new AppError("invalid_input", "cursor is not valid");
  }
}

/** Accepts a ticket id or its human number (PD-100042). */
async function loadTicket(ctx: Ctx, ref: string) {
  const m = /^[A-Z]{1,6}-(\d+)$/i.exec(ref);
  const ticket = m ? await findTicketByNumber(ctx, Number(m[1])) : await findTicketById(ctx, ref);
  if (!ticket) throw new AppError("not_found", "ticket not found");
  return ticket;
}

export function registerTicketRoutes(app: FastifyInstance, base: Ctx) {
  const prefix = base.services.config.ticketPrefix;

  app.get("/api/tickets", async (req) => {
    const ctx = await requireAgent(base, req);
    const q = listQuery.parse(req.query);
    const rows = await listTickets(ctx, {
      status: q.status, priority: q.priority, category: q.category,
      assigneeId: q.assignee === "none" ? null : q.assignee === "me" ? ctx.actor.id ?? undefined : q.assignee,
      cursor: decodeCursor(q.cursor), limit: q.limit,
    });
    const last = rows[rows.length - 1];
    return { tickets: rows.map((t) => presentTicketSummary(t, prefix)), nextCursor: rows.length === q.limit && last ? encodeCursor(last) : null };
  });

  app.get<{ Params: { ref: string } }>("/api/tickets/:ref", async (req) => {
    const ctx = await requireAgent(base, req);
    const ticket = await loadTicket(ctx, req.params.ref);
    const messages = await listTicketMessages(ctx, ticket.id);
    const attachments = await listMessageAttachments(ctx, messages.map((m) => m.id));
    return {
      ticket: presentTicketSummary(ticket, prefix),
      participants: await listParticipants(ctx, ticket.id),
      messages: messages.map((m) => presentMessage(m, attachments.filter((a) => a.message_id === m.id))),
      events: await listTicketEvents(ctx, ticket.id),
    };
  });

  app.patch<{ Params: { ref: string } }>("/api/tickets/:ref", async (req) => {
    const ctx = await requireAgent(base, req);
    const patch = patchBody.parse(req.body);
    const ticket = await loadTicket(ctx, req.params.ref);
    await updateTicket(ctx, ticket.id, patch);
    return { ticket: presentTicketSummary((await findTicketById(ctx, ticket.id))!, prefix) };
  });

  app.post<{ Params: { ref: string } }>("/api/tickets/:ref/replies", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    const body = replyBody.parse(req.body);
    const ticket = await loadTicket(ctx, req.params.ref);
    const result = await replyToTicket(ctx, ticket.id, { text: body.text, statusAfter: body.status });
    ctx.services.wakeWorker();
    return reply.status(201).send(result);
  });

  app.post<{ Params: { ref: string } }>("/api/tickets/:ref/notes", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    const body = noteBody.parse(req.body);
    const ticket = await loadTicket(ctx, req.params.ref);
    return reply.status(201).send(await addNote(ctx, ticket.id, body.text));
  });

  app.get<{ Params: { id: string } }>("/api/attachments/:id", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    const attachment = await findAttachment(ctx, req.params.id);
    if (!attachment) throw new AppError("not_found", "attachment not found");
    const bytes = await ctx.services.blobs.get(attachment.blob_key);
    // Always a download, never rendered by the browser: HTML or SVG from strangers must not run.
    return reply
      .header("Content-Type", attachment.content_type.startsWith("image/") && attachment.content_type !== "image/svg+xml" ? attachment.content_type : "application/octet-stream")
      .header("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
      .header("Content-Security-Policy", "default-src 'none'; sandbox")
      .send(bytes);
  });
}
