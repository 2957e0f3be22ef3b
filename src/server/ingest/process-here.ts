// Processing one accepted message in this process, at once, for a command that reports how it went
// (`paydesk ingest`, a dead-letter replay): that message and its acknowledgement, not the whole queue.
// An MTA's pipe waits for the command, and the backlog is the worker's to work off.
import { nowIso, type Ctx } from "../context.ts";
import type { JobRunner } from "../jobs/runner.ts";
import { earlierPendingOfSender, findIntake } from "../modules/inbound/inbound.repo.ts";
import { deliveryJobKeyPrefix } from "../outbound/queue.ts";
import { processInboundSpec, processJobKeyPrefix } from "./accept.ts";

export async function processHere(ctx: Ctx, runner: JobRunner, inboundId: string): Promise<void> {
  const startedAt = nowIso(ctx);
  // A sender's earlier mail still waiting goes first, and must be done first: a reply must find the ticket
  // its original opens. One this process cannot take now (a worker has it, or it waits for a retry) leaves
  // this message to the worker as well, behind it.
  const earlier = await earlierPendingOfSender(ctx, inboundId);
  if (earlier.length > 0) {
    await runner.drain({ dedupeKeyPrefixes: earlier.map(processJobKeyPrefix) });
    if (await anyStillQueued(ctx, await earlierPendingOfSender(ctx, inboundId))) return;
  }
  await runner.drain({ dedupeKeyPrefixes: [processJobKeyPrefix(inboundId)] });
  // Its acknowledgement (into the outbox, or to the relay), not other mail of the ticket it joined.
  const ticketId = (await findIntake(ctx, inboundId))?.ticket_id;
  if (!ticketId) return;
  const acknowledgement = await ctx.db.selectFrom("outbound_mail").select("id")
    .where("ticket_id", "=", ticketId).where("kind", "=", "acknowledgement").where("status", "=", "queued").where("created_at", ">=", startedAt)
    .execute();
  await runner.drain({ dedupeKeyPrefixes: acknowledgement.map((mail) => deliveryJobKeyPrefix(mail.id)) });
}

/** Whether a job will still process one of these (a message whose job died waits for a replay, not in line). */
async function anyStillQueued(ctx: Ctx, inboundIds: string[]): Promise<boolean> {
  if (inboundIds.length === 0) return false;
  const job = await ctx.db.selectFrom("jobs").select("id")
    .where("kind", "=", processInboundSpec.kind).where("status", "in", ["queued", "running"])
    .where((eb) => eb.or(inboundIds.map((id) => eb("dedupe_key", "like", `${processJobKeyPrefix(id)}%`))))
    .limit(1).executeTakeFirst();
  return job !== undefined;
}
