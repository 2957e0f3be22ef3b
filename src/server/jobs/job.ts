// Typed job definitions. Handlers must be idempotent: a job may run again after a crash.
import type { z } from "zod";
import type { Ctx } from "../context.ts";

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  kind: string;
  schema: S;
  maxAttempts: number;
  /** Delay before attempt n+1 after n failures. */
  backoffMs(attempts: number): number;
  handle(ctx: Ctx, payload: z.infer<S>): Promise<void>;
  /**
   * Its commits need not wait for the disk (db/write-durability.ts): its input is durable, a power
   * failure only makes it run again, and nothing it does leaves the machine before a durable commit.
   */
  redoable?: boolean;
};

/** What callers need to enqueue a job; the handler can live elsewhere (and in another process). */
export type JobSpec<S extends z.ZodType = z.ZodType> = Pick<JobDefinition<S>, "kind" | "schema" | "maxAttempts">;

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

/** Thrown by a handler to be retried at a chosen time rather than by the backoff schedule; not counted as a try. */
export class RetryJobAt extends Error {
  constructor(readonly at: Date, message: string) {
    super(message);
  }
}

/** Thrown by a handler when retrying cannot help. */
export class PermanentJobFailure extends Error {}

export const exponentialBackoff = (baseMs: number, maxMs: number) => (attempts: number) =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
