// "Track my request": e-mail + ticket number. The web request only queues this job, so the answer and its
// timing are the same whether or not the pair exists; the job mails a link only to a participant.
import { z } from "zod";
import { inTransaction, type Ctx } from "../../context.ts";
import { enqueueJob } from "../../jobs/enqueue.ts";
import { defineJob, exponentialBackoff, type JobSpec } from "../../jobs/job.ts";
import { recordEvent } from "../events/event.commands.ts";
import { findSurvivingTicket } from "../tickets/merge.repo.ts";
import { findTicketByNumber, isParticipant } from "../tickets/ticket.repo.ts";
import { formatTicketNumber } from "../tickets/ticket.ts";
import { createTrackingLink } from "./tracking-link.commands.ts";
import { countLinksCreatedSince } from "./tracking-link.repo.ts";
import { linkMailSubject, linkMailText } from "./tracking-mail.ts";
import { queueCustomerNotice } from "./tracking-notify.ts";

/** At most this many link mails to one address per hour, whatever the web tier's limits let through. */
export const LINK_MAILS_PER_ADDRESS_PER_HOUR = 5;

export const linkRequestSpec = {
  kind: "tracking.link_request",
  schema: z.object({ address: z.string().max(320), number: z.number().int().positive(), language: z.enum(["en", "zh-CN"]) }),
  maxAttempts: 3,
} satisfies JobSpec;

export async function requestTrackingLink(ctx: Ctx, input: { address: string; number: number; language: "en" | "zh-CN" }): Promise<void> {
  await enqueueJob(ctx, linkRequestSpec, { ...input, address: input.address.trim().toLowerCase() });
  ctx.services.wakeWorker();
}

export const linkRequestJob = defineJob({
  ...linkRequestSpec,
  backoffMs: exponentialBackoff(5_000, 60_000),
  async handle(ctx, { address, number, language }) {
    const numbered = await findTicketByNumber(ctx, number);
    // Mail for a merged ticket lives on its survivor; so do its participants.
    const ticket = numbered && (await findSurvivingTicket(ctx, numbered.id));
    if (!ticket || !(await isParticipant(ctx, ticket.id, address))) return;
    const hourAgo = new Date(ctx.clock.now().getTime() - 3600_000).toISOString();
    if ((await countLinksCreatedSince(ctx, address, hourAgo)) >= LINK_MAILS_PER_ADDRESS_PER_HOUR) return;
    await inTransaction(ctx, async (tx) => {
      const link = await createTrackingLink(tx, { ticketId: ticket.id, ticketNumber: ticket.number, address });
      const { config } = ctx.services;
      const facts = {
        language, ticketRef: formatTicketNumber(config.ticketPrefix, ticket.number), url: link.url,
        days: config.tracking.linkDays, companyName: config.companyName,
      };
      await queueCustomerNotice(tx, { ticket, to: address, subject: linkMailSubject(facts), text: linkMailText(facts) });
      await recordEvent(tx, "tracking.link_sent", ticket.id, { linkId: link.id, to: address });
    });
  },
});
