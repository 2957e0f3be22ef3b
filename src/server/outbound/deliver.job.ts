// The worker's delivery job: one attempt per run (delivery.ts), retried on the schedule it returns.
import { PermanentJobFailure, RetryJobAt, defineJob } from "../jobs/job.ts";
import { deliverOutboundMail, nextRetryDelayMs } from "./delivery.ts";
import { deliverMailSpec } from "./queue.ts";

export const deliverMailJob = defineJob({
  ...deliverMailSpec,
  backoffMs: nextRetryDelayMs,
  async handle(ctx, { outboundId }) {
    const outcome = await deliverOutboundMail(ctx, outboundId);
    if (outcome.result === "retry") throw new RetryJobAt(outcome.at, outcome.error);
    if (outcome.result === "failed") throw new PermanentJobFailure(outcome.error);
  },
});
