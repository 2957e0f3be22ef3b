import type { Ctx } from "../context.ts";
import type { Decision, InboundMessage } from "./inbound-message.ts";

/** One step of the ingest pipeline: it decides, it does not write (commit does). */
export type Filter = { name: string; run(ctx: Ctx, msg: InboundMessage): Promise<Decision> };
