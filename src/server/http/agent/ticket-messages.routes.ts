// Replies, notes, uploads and attachment downloads: auth → validate → load → authorize → command.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { assertCanWrite, assertTicketVisible } from "../../modules/access/access.policy.ts";
import { findAttachment } from "../../modules/attachments/attachment.commands.ts";
import { MAX_UPLOAD_BYTES, storeUpload } from "../../modules/attachments/upload.commands.ts";
import { addNote, replyToTicket } from "../../modules/tickets/reply.commands.ts";
import { previewableImageTypes } from "../../modules/tickets/ticket.present.ts";
import { findTicketByRef } from "../../modules/tickets/ticket.queries.ts";
import { verifyInlineImageUrl } from "../../modules/tickets/message-image.policy.ts";
import { requestCtx } from "../request-ctx.ts";
import { requireAgent } from "./require-agent.ts";
import { loadVisibleTicket } from "./tickets.routes.ts";
import { assertStillClean } from "../../modules/attachments/rescan.ts";

const replyBody = z.object({
  text: z.string().min(1).max(100_000),
  html: z.string().max(200_000).optional(),
  status: z.enum(["open", "pending", "on_hold", "solved"]).optional(),
  uploadIds: z.array(z.string().max(100)).max(20).optional(),
  expectedLastMessageId: z.string().max(100).optional(),
  force: z.boolean().optional(),
});
const noteBody = z.object({ text: z.string().min(1).max(100_000) });
const uploadQuery = z.object({ filename: z.string().min(1).max(255) });

export function registerTicketMessageRoutes(app: FastifyInstance, base: Ctx) {
  app.post<{ Params: { ref: string } }>("/api/tickets/:ref/replies", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    const body = replyBody.parse(req.body);
    assertCanWrite(ctx);
    const ticket = await loadVisibleTicket(ctx, req.params.ref);
    const result = await replyToTicket(ctx, ticket.id, {
      text: body.text, html: body.html, statusAfter: body.status, uploadIds: body.uploadIds, expectedLastMessageId: body.expectedLastMessageId, force: body.force,
    });
    ctx.services.wakeWorker();
    return reply.status(201).send(result);
  });

  app.post<{ Params: { ref: string } }>("/api/tickets/:ref/notes", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    const body = noteBody.parse(req.body);
    assertCanWrite(ctx);
    const ticket = await loadVisibleTicket(ctx, req.params.ref);
    return reply.status(201).send(await addNote(ctx, ticket.id, body.text));
  });

  // Raw bytes in, so the browser can send a File as the body; the sniffed type decides how it is served later.
  app.register(async (scope) => {
    // Every type arrives as bytes here, text/plain and JSON files included (Fastify would parse those).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: MAX_UPLOAD_BYTES }, (_req, body, done) => done(null, body));
    scope.post("/api/uploads", async (req, reply) => {
      const ctx = await requireAgent(base, req);
      assertCanWrite(ctx);
      const { filename } = uploadQuery.parse(req.query);
      if (!Buffer.isBuffer(req.body)) throw new AppError("invalid_input", "send the file's bytes as the request body");
      const stored = await storeUpload(ctx, ctx.actor.id!, { filename, contentType: String(req.headers["content-type"] ?? ""), bytes: req.body });
      return reply.status(201).send(stored);
    });
  });

  app.get<{ Params: { id: string }; Querystring: { inline?: string; e?: string; s?: string } }>("/api/attachments/:id", async (req, reply) => {
    // A sandboxed message frame has no cookie: its inline images carry a signed, expiring link instead.
    const signedInline = req.query.inline === "1" && verifyInlineImageUrl(base, req.params.id, req.query);
    const ctx = signedInline ? requestCtx(base, req) : await requireAgent(base, req);
    const attachment = await findAttachment(ctx, req.params.id);
    if (!attachment) throw new AppError("not_found", "attachment not found");
    if (!signedInline) {
      const ticket = await findTicketByRef(ctx, attachment.ticket_id);
      if (!ticket) throw new AppError("not_found", "attachment not found");
      await assertTicketVisible(ctx, ticket);
    }
    const bytes = await ctx.services.blobs.get(attachment.blob_key);
    await assertStillClean(ctx, attachment, bytes);
    // Only plain raster images are ever shown inline; everything else (HTML, SVG, PDF…) is a download.
    const inline = req.query.inline === "1" && previewableImageTypes.has(attachment.content_type);
    return reply
      .header("Content-Type", inline ? attachment.content_type : "application/octet-stream")
      .header("Content-Disposition", `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
      .header("Content-Security-Policy", "default-src 'none'; sandbox")
      .header("Cache-Control", "private, no-store")
      .send(bytes);
  });
}
