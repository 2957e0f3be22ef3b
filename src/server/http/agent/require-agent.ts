// Bearer-token check for the agent API. Returns the request's Ctx acting as that agent.
import type { FastifyRequest } from "fastify";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { agentForToken } from "../../modules/agents/agent.commands.ts";
import { requestCtx } from "../request-ctx.ts";

export async function requireAgent(base: Ctx, req: FastifyRequest): Promise<Ctx> {
  const header = req.headers.authorization ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) throw new AppError("unauthorized", "sign in first (Authorization: Bearer <token>)");
  const agent = await agentForToken(base, token);
  if (!agent) throw new AppError("unauthorized", "token is invalid or expired");
  return requestCtx(base, req, { kind: "agent", id: agent.id });
}
