// Outbound mail is queued in the database, in the transaction of the change that caused it.
import { z } from "zod";
import { nowIso, type Ctx } from "../context.ts";
import { newId } from "../ids.ts";
import { enqueueJob } from "../jobs/enqueue.ts";
import type { JobSpec } from "../jobs/job.ts";
import { recordEvent } from "../modules/events/event.commands.ts";
import { composeMail, type OutgoingMail } from "./compose.ts";
import { appendVerificationFooter, appendVerificationFooterHtml } from "./templates/verification-footer.ts";
import { newVerificationCode } from "./verification-code.ts";
import { addressKey } from "../ingest/address-key.ts";

export type OutboundKind = "acknowledgement" | "reply" | "notification";

/** Declared here so queueing needs no delivery code; deliver.job.ts binds the handler. */
export const deliverMailSpec = {
  kind: "mail.deliver",
  schema: z.object({ outboundId: z.string() }),
  maxAttempts: 1000,
} satisfies JobSpec;

/** Every job that delivers a message carries its id in its dedupe key: `deliver:<id>:<n>`. */
export const deliveryJobKeyPrefix = (outboundId: string) => `deliver:${outboundId}:`;

export async function queueOutboundMail(
  ctx: Ctx,
  input: { kind: OutboundKind; ticketId: string | null; messageRowId: string | null; mail: Omit<OutgoingMail, "date"> },
): Promise<{ id: string }> {
  const id = newId(ctx.clock.now().getTime());
  // Every message carries a code the customer can check on /verify; added here so no template can forget it.
  const verificationCode = newVerificationCode();
  const footer = { code: verificationCode, publicUrl: ctx.services.config.publicUrl, companyName: ctx.services.config.companyName };
  const raw = await composeMail({
    ...input.mail,
    text: appendVerificationFooter(input.mail.text, footer),
    ...(input.mail.html ? { html: appendVerificationFooterHtml(input.mail.html, footer) } : {}),
    date: ctx.clock.now(),
  });
  const rawBlobKey = `outbound/${id}.eml`;
  await ctx.services.blobs.put(rawBlobKey, raw);
  await ctx.db.insertInto("outbound_mail").values({
    id,
    ticket_id: input.ticketId,
    message_id: input.messageRowId,
    kind: input.kind,
    to_address: input.mail.to.toLowerCase(),
    address_key: addressKey(input.mail.to),
    subject: input.mail.subject,
    message_id_header: input.mail.messageId,
    raw_blob_key: rawBlobKey,
    status: "queued",
    attempts: 0,
    next_attempt_at: nowIso(ctx),
    last_error: null,
    smtp_response: null,
    sent_at: null,
    created_at: nowIso(ctx),
    verification_code: verificationCode,
  }).execute();
  await enqueueJob(ctx, deliverMailSpec, { outboundId: id }, { dedupeKey: `${deliveryJobKeyPrefix(id)}0` });
  if (input.ticketId) await recordEvent(ctx, "mail.queued", input.ticketId, { outboundId: id, kind: input.kind, to: input.mail.to });
  return { id };
}
