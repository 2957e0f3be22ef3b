// Raw-MIME webhook for relays and providers. The sender proves itself with an HMAC over
// "<timestamp>.<body>", or "<timestamp>\n<envelope from>\n<envelope to>\n<body>" when it names the envelope:
// a captured request can neither be replayed later (stale timestamps are refused) nor sent on to another
// mailbox (the envelope is signed; the same bytes twice to one mailbox are a duplicate the pipeline drops).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { addressparser } from "../../ingest/address.ts";
import { whyNotAMailMessage } from "../../ingest/message-shape.ts";
import { readRawHeaders } from "../../ingest/raw-headers.ts";
import { requestCtx } from "../request-ctx.ts";

const MAX_SKEW_MS = 5 * 60_000;

export type WebhookEnvelope = { from?: string | null; to?: string | null };

export function webhookSignature(secret: string, timestamp: string, body: Buffer, envelope: WebhookEnvelope = {}): string {
  const named = envelope.from != null || envelope.to != null;
  // Line breaks part the envelope fields: no header value can hold one, so no field can be shifted into another.
  const signed = named ? `${timestamp}\n${envelope.from ?? ""}\n${envelope.to ?? ""}\n` : `${timestamp}.`;
  return "sha256=" + createHmac("sha256", secret).update(signed).update(body).digest("hex");
}

const headerText = (value: string | string[] | undefined): string | null => (typeof value === "string" ? value : null);

export function registerInboundMimeHook(app: FastifyInstance, base: Ctx) {
  const { config } = base.services;
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: config.smtp.maxMessageBytes }, (_req, body, done) => done(null, body));
    // Refused before the body is read: a request that cannot be valid does not get to upload megabytes.
    scope.addHook("onRequest", async (req) => {
      if (!config.webhookSecret) throw new AppError("not_found", "the inbound webhook is not enabled (set webhookSecret)");
      if (!fresh(base, req.headers["x-paydesk-timestamp"])) throw new AppError("bad_signature", "timestamp is missing or too old");
      if (!req.headers["x-paydesk-signature"]) throw new AppError("bad_signature", "X-PayDesk-Signature is missing");
    });

    // POST /hooks/inbound/mime — verify signature → accept durably → 202 with the intake id
    scope.post("/hooks/inbound/mime", async (req, reply) => {
      const ctx = requestCtx(base, req);
      // No body at all (no Content-Type, nothing sent) is an empty one: refused below, once authenticated.
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const timestamp = String(req.headers["x-paydesk-timestamp"] ?? "");
      const mailFrom = headerText(req.headers["x-paydesk-envelope-from"]);
      const declaredTo = headerText(req.headers["x-paydesk-envelope-to"]);
      // Hex digits in either case, as senders' HMAC libraries differ.
      const given = Buffer.from(String(req.headers["x-paydesk-signature"] ?? "").toLowerCase());
      const expected = Buffer.from(webhookSignature(config.webhookSecret!, timestamp, body, { from: mailFrom, to: declaredTo }));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError("bad_signature", "signature does not match");
      const notMail = whyNotAMailMessage(body);
      if (notMail) throw new AppError("invalid_input", `not a mail message: ${notMail}`);

      const headers = readRawHeaders(body);
      const rcptTo = declaredTo
        ? declaredTo.split(",").map((s) => s.trim()).filter(Boolean)
        : [...addressparser(headers.get("to") ?? ""), ...addressparser(headers.get("cc") ?? "")].map((a) => a.address);
      const accepted = await acceptInbound(ctx, {
        channel: "webhook",
        raw: body,
        envelope: { mailFrom, rcptTo },
      });
      return reply.status(202).send({ accepted: accepted.inboundId });
    });
  });
}

function fresh(ctx: Ctx, timestamp: string | string[] | undefined): boolean {
  const seconds = Number(headerText(timestamp) ?? NaN);
  return Number.isFinite(seconds) && Math.abs(ctx.clock.now().getTime() - seconds * 1000) <= MAX_SKEW_MS;
}
