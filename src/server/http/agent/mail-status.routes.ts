// The state of mail intake and delivery, and alerts, for the people who run PayDesk.
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { requireRole } from "../../modules/access/access.policy.ts";
import { mailStatus } from "../../modules/alerts/mail-status.query.ts";
import { requireAgent } from "./require-agent.ts";

export function registerMailStatusRoutes(app: FastifyInstance, base: Ctx) {
  // GET /api/admin/mail-status — admins, supervisors and auditors: IMAP accounts, queues, alerts, problems
  app.get("/api/admin/mail-status", async (req) => {
    const ctx = await requireAgent(base, req);
    await requireRole(ctx, "admin", "supervisor", "auditor");
    return mailStatus(ctx);
  });
}
