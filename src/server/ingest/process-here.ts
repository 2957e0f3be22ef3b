// Processing one accepted message in this process, at once, for a command that reports how it went
// (`paydesk ingest`, a dead-letter replay): that message and the mail it queued, not the whole queue.
// An MTA's pipe waits for the command, and the backlog is the worker's to work off.
import type { Ctx } from "../context.ts";
import type { JobRunner } from "../jobs/runner.ts";
import { earlierPendingOfSender, findIntake } from "../modules/inbound/inbound.repo.ts";
import { deliveryJobKeyPrefix } from "../outbound/queue.ts";
import { processJobKeyPrefix } from "./accept.ts";

export async function processHere(ctx: Ctx, runner: JobRunner, inboundId: string): Promise<void> {
  // A sender's earlier mail still waiting goes first: a reply must find the ticket its original opens.
  const earlier = await earlierPendingOfSender(ctx, inboundId);
  await runner.drain({ dedupeKeyPrefixes: [...earlier, inboundId].map(processJobKeyPrefix) });
  // Its acknowledgement (into the outbox, or to the relay) rather than leaving it for the next poll.
  const ticketId = (await findIntake(ctx, inboundId))?.ticket_id;
  if (!ticketId) return;
  const queued = await ctx.db.selectFrom("outbound_mail").select("id").where("ticket_id", "=", ticketId).where("status", "=", "queued").execute();
  await runner.drain({ dedupeKeyPrefixes: queued.map((mail) => deliveryJobKeyPrefix(mail.id)) });
}
