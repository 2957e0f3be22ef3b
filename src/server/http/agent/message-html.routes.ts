// A message's HTML as a document for the console's <iframe sandbox>, and the image proxy its links use.
// The frame's own headers forbid scripts, plugins, forms, base changes and every load but our own images,
// so even HTML that slipped past sanitising cannot run or call out.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError, isAppError } from "../../errors.ts";
import { assertTicketVisible } from "../../modules/access/access.policy.ts";
import { presentMessageHtml } from "../../modules/tickets/message-html.present.ts";
import { signImageProxyUrl, signInlineImageUrl, verifyImageProxyUrl } from "../../modules/tickets/message-image.policy.ts";
import { findMessageWithTicket, listMessageImages } from "../../modules/tickets/message.queries.ts";
import { requestCtx } from "../request-ctx.ts";
import { fetchRemoteImage } from "./remote-image.fetch.ts";
import { requireAgent } from "./require-agent.ts";

export const messageFrameCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

const htmlQuery = z.object({ images: z.enum(["0", "1"]).optional() });
const proxyQuery = z.object({ u: z.string().min(1).max(4096), e: z.string().max(12), s: z.string().max(64) });

/** Loads a message the agent may see; out of scope answers exactly like a missing message. */
async function loadVisibleMessage(ctx: Ctx, id: string) {
  const message = await findMessageWithTicket(ctx, id);
  if (!message) throw new AppError("not_found", "message not found");
  try {
    await assertTicketVisible(ctx, { id: message.ticket_id, mailbox_id: message.mailbox_id });
  } catch (err) {
    if (isAppError(err) && err.code === "not_found") throw new AppError("not_found", "message not found");
    throw err;
  }
  return message;
}

export function registerMessageHtmlRoutes(app: FastifyInstance, base: Ctx) {
  // GET /api/messages/:id/html — auth → validate → load → authorize → present
  app.get<{ Params: { id: string } }>("/api/messages/:id/html", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    const q = htmlQuery.parse(req.query);
    const message = await loadVisibleMessage(ctx, req.params.id);
    const images = await listMessageImages(ctx, message.id);
    const doc = presentMessageHtml({
      html: message.html_body,
      text: message.text_body,
      inlineImages: images.map((a) => ({ id: a.id, contentId: a.content_id, contentType: a.content_type })),
      allowRemoteImages: q.images === "1",
      inlineImageUrl: (attachmentId) => signInlineImageUrl(ctx, attachmentId),
      proxiedImageUrl: (url) => signImageProxyUrl(ctx, url),
    });
    return reply
      .header("Content-Type", "text/html; charset=utf-8")
      .header("Content-Security-Policy", messageFrameCsp)
      .header("X-Frame-Options", "SAMEORIGIN")
      .header("Cache-Control", "private, no-store")
      .send(doc.html);
  });

  // GET /api/image-proxy — the signed link is the permission: frame image requests carry no session cookie.
  app.get("/api/image-proxy", async (req, reply) => {
    const ctx = requestCtx(base, req);
    const q = proxyQuery.parse(req.query);
    if (!verifyImageProxyUrl(ctx, q)) throw new AppError("forbidden", "image link is not valid or has expired");
    const image = await fetchRemoteImage(q.u, { allowPrivateAddresses: ctx.services.imageProxyAllowPrivate === true }).catch((err: unknown) => {
      ctx.log.info({ host: URL.canParse(q.u) ? new URL(q.u).host : null, err: (err as Error).message }, "image proxy refused");
      throw err;
    });
    return reply
      .header("Content-Type", image.contentType)
      .header("Content-Security-Policy", "default-src 'none'")
      .header("X-Content-Type-Options", "nosniff")
      .header("Cache-Control", "private, max-age=3600")
      .send(image.bytes);
  });
}
