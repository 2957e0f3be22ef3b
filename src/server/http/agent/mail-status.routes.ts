// The state of mail intake and delivery, and alerts, for the people who run PayDesk.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { inTransaction, type Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { requireRole } from "../../modules/access/access.policy.ts";
import { resolveAlert } from "../../modules/alerts/alert.commands.ts";
import { mailStatus } from "../../modules/alerts/mail-status.query.ts";
import { recordAudit } from "../../modules/audit/audit.commands.ts";
import { requireAgent } from "./require-agent.ts";

export function registerMailStatusRoutes(app: FastifyInstance, base: Ctx) {
  // GET /api/admin/mail-status — admins, supervisors and auditors: IMAP accounts, queues, alerts, problems
  app.get("/api/admin/mail-status", async (req) => {
    const ctx = await requireAgent(base, req);
    await requireRole(ctx, "admin", "supervisor", "auditor");
    return mailStatus(ctx);
  });

  // POST /api/admin/alerts/resolve {key} — admins and supervisors: a person dealt with it (audited)
  app.post("/api/admin/alerts/resolve", async (req) => {
    const ctx = await requireAgent(base, req);
    await requireRole(ctx, "admin", "supervisor");
    const { key } = z.object({ key: z.string().min(1).max(300) }).parse(req.body);
    await inTransaction(ctx, async (tx) => {
      if (!(await resolveAlert(tx, key))) throw new AppError("not_found", "no open alert with this key");
      await recordAudit(tx, "alert.resolved", { key });
    });
    return mailStatus(ctx);
  });
}
