// Team administration: the agent list, role/status/mailbox changes, invitations, the audit log, mailboxes.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { listVisibleMailboxes, requireRole } from "../../modules/access/access.policy.ts";
import { listAudit } from "../../modules/audit/audit.commands.ts";
import { agentRoles, updateAgentAccess } from "../../modules/agents/agent.commands.ts";
import { presentAgentById, presentAllAgents } from "../../modules/agents/agent.present.ts";
import { acceptInvitation, inviteAgent } from "../../modules/agents/invitation.commands.ts";
import { startSessionFor } from "../../modules/agents/session.commands.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";
import { requestCtx } from "../request-ctx.ts";
import { requireAgent, requirePreSession } from "./require-agent.ts";
import { answerSignIn, clientOf } from "./session.routes.ts";
import { clientKey } from "../../security/client-key.ts";

const patchBody = z.object({
  role: z.enum(agentRoles).optional(),
  disabled: z.boolean().optional(),
  mailboxIds: z.array(z.string().min(1).max(100)).max(500).optional(),
}).strict();
const inviteBody = z.object({
  email: z.string().min(3).max(320),
  name: z.string().min(1).max(200),
  role: z.enum(agentRoles),
  mailboxIds: z.array(z.string().min(1).max(100)).max(500).default([]),
  language: z.enum(["zh-CN", "en"]).optional(),
});
const acceptBody = z.object({ token: z.string().min(10).max(200), password: z.string().min(1).max(1024) });
const auditQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  actorId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
});

export function registerAgentsRoutes(app: FastifyInstance, base: Ctx) {
  const acceptPerIp = createRateLimiter(10, 10 * 60_000, () => base.clock.now().getTime());

  // GET /api/agents — any signed-in agent (assignment needs the list)
  app.get("/api/agents", async (req) => {
    const ctx = await requireAgent(base, req);
    return { agents: await presentAllAgents(ctx) };
  });

  // PATCH /api/agents/:id — admin only → role, disabled, mailboxes (audited with before and after)
  app.patch<{ Params: { id: string } }>("/api/agents/:id", async (req) => {
    const ctx = await requireAgent(base, req);
    await requireRole(ctx, "admin");
    const patch = patchBody.parse(req.body);
    const agent = await updateAgentAccess(ctx, req.params.id, patch);
    return { agent: await presentAgentById(ctx, agent.id) };
  });

  // POST /api/invitations — admin only → invitation mailed and returned
  app.post("/api/invitations", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    await requireRole(ctx, "admin");
    const body = inviteBody.parse(req.body);
    const invitation = await inviteAgent(ctx, body);
    ctx.services.wakeWorker();
    return reply.status(201).send(invitation);
  });

  // POST /api/invitations/accept — rate limit → pre-session CSRF → token + password → account, signed in
  app.post("/api/invitations/accept", async (req, reply) => {
    const ctx = requestCtx(base, req);
    const previous = requirePreSession(ctx, req);
    if (!acceptPerIp.take(clientKey(req.ip))) throw new AppError("rate_limited", "too many attempts; wait a few minutes");
    const { token, password } = acceptBody.parse(req.body);
    const agent = await acceptInvitation(ctx, token, password);
    return answerSignIn(ctx, req, reply, await startSessionFor(ctx, agent, clientOf(req), previous));
  });

  // GET /api/audit — admins and auditors, newest first
  app.get("/api/audit", async (req) => {
    const ctx = await requireAgent(base, req);
    await requireRole(ctx, "admin", "auditor");
    return listAudit(ctx, auditQuery.parse(req.query));
  });

  // GET /api/mailboxes — those the agent may see
  app.get("/api/mailboxes", async (req) => {
    const ctx = await requireAgent(base, req);
    return { mailboxes: await listVisibleMailboxes(ctx) };
  });
}
