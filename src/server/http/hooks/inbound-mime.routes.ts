// Raw-MIME webhook for relays and providers. The sender proves itself with an HMAC over
// "<timestamp>.<body>"; stale timestamps are refused so a captured request cannot be replayed later.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { addressparser } from "../../ingest/address.ts";
import { readRawHeaders } from "../../ingest/raw-headers.ts";
import { requestCtx } from "../request-ctx.ts";

const MAX_SKEW_MS = 5 * 60_000;

export function webhookSignature(secret: string, timestamp: string, body: Buffer): string {
  return "sha256=" + createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
}

export function registerInboundMimeHook(app: FastifyInstance, base: Ctx) {
  const { config } = base.services;
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: config.smtp.maxMessageBytes }, (_req, body, done) => done(null, body));

    // POST /hooks/inbound/mime — verify signature → accept durably → 202 with the intake id
    scope.post("/hooks/inbound/mime", async (req, reply) => {
      const ctx = requestCtx(base, req);
      if (!config.webhookSecret) throw new AppError("not_found", "the inbound webhook is not enabled (set webhookSecret)");
      const body = req.body as Buffer;
      const timestamp = String(req.headers["x-paydesk-timestamp"] ?? "");
      const given = Buffer.from(String(req.headers["x-paydesk-signature"] ?? ""));
      const expected = Buffer.from(webhookSignature(config.webhookSecret, timestamp, body));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError("bad_signature", "signature does not match");
      const age = Math.abs(ctx.clock.now().getTime() - Number(timestamp) * 1000);
      if (!Number.isFinite(age) || age > MAX_SKEW_MS) throw new AppError("bad_signature", "timestamp is missing or too old");
      if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError("invalid_input", "empty message");

      const headers = readRawHeaders(body);
      const declaredTo = String(req.headers["x-paydesk-envelope-to"] ?? "");
      const rcptTo = declaredTo
        ? declaredTo.split(",").map((s) => s.trim()).filter(Boolean)
        : [...addressparser(headers.get("to") ?? ""), ...addressparser(headers.get("cc") ?? "")].map((a) => a.address);
      const mailFrom = req.headers["x-paydesk-envelope-from"];
      const accepted = await acceptInbound(ctx, {
        channel: "webhook",
        raw: body,
        envelope: { mailFrom: typeof mailFrom === "string" ? mailFrom : null, rcptTo },
      });
      return reply.status(202).send({ accepted: accepted.inboundId });
    });
  });
}
