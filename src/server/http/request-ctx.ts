// Each request gets its own Ctx: its id, its actor, its logger.
import type { FastifyRequest } from "fastify";
import { childCtx, type Actor, type Ctx } from "../context.ts";

export function requestCtx(base: Ctx, req: FastifyRequest, actor?: Actor): Ctx {
  return childCtx(base, { requestId: req.id, actor: actor ?? base.actor, log: base.log.child({ requestId: req.id }) });
}
