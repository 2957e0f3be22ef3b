// The stable tracking link from acknowledgements. A minimal status page until the customer portal lands.
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { findTicketByNumber } from "../../modules/tickets/ticket.repo.ts";
import { trackingToken } from "../../modules/tickets/ticket-tokens.ts";
import { requestCtx } from "../request-ctx.ts";
import { timingSafeEqual } from "node:crypto";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const statusWords: Record<string, { en: string; zh: string }> = {
  new: { en: "Received", zh: "已收到" }, open: { en: "In progress", zh: "处理中" }, pending: { en: "Waiting for your reply", zh: "等待您的回复" },
  on_hold: { en: "On hold", zh: "暂停处理" }, solved: { en: "Solved", zh: "已解决" }, closed: { en: "Closed", zh: "已关闭" },
};

export function registerTrackingRoutes(app: FastifyInstance, base: Ctx) {
  const { config, signer } = base.services;
  app.get<{ Params: { ref: string }; Querystring: { t?: string } }>("/track/:ref", async (req, reply) => {
    const ctx = requestCtx(base, req);
    const m = new RegExp(`^${config.ticketPrefix}-(\\d{1,12})$`).exec(req.params.ref);
    const number = m ? Number(m[1]) : null;
    const given = Buffer.from(String(req.query.t ?? ""));
    const expected = number ? Buffer.from(trackingToken(signer, number)) : Buffer.alloc(0);
    const valid = number !== null && given.length === expected.length && timingSafeEqual(given, expected);
    const ticket = valid ? await findTicketByNumber(ctx, number) : undefined;
    reply.type("text/html; charset=utf-8");
    if (!ticket) {
      return reply.status(404).send(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Not found</title><p>This tracking link is not valid. 此查询链接无效。</p></html>`);
    }
    const words = statusWords[ticket.status] ?? { en: ticket.status, zh: ticket.status };
    const zh = ticket.language === "zh-CN";
    return reply.send(`<!doctype html><html lang="${zh ? "zh-CN" : "en"}"><meta charset="utf-8"><title>${escapeHtml(req.params.ref)}</title>
<h1>${escapeHtml(req.params.ref)}</h1><p>${escapeHtml(ticket.subject)}</p>
<p>${zh ? "状态" : "Status"}: <strong>${escapeHtml(zh ? words.zh : words.en)}</strong></p>
<p>${zh ? "提交时间" : "Opened"}: ${escapeHtml(ticket.created_at)}</p></html>`);
  });
}
