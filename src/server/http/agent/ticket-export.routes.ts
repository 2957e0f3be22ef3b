// Agents download a ticket's signed evidence archive (what the customer can download from tracking).
// auth → load → authorize (mailbox scope) → build → audit → bytes.
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { assertTicketVisible } from "../../modules/access/access.policy.ts";
import { recordAudit } from "../../modules/audit/audit.commands.ts";
import { buildEvidenceArchive } from "../../modules/evidence/build-export.ts";
import { findTicketByRef } from "../../modules/tickets/ticket.queries.ts";
import { requireAgent } from "./require-agent.ts";

export function registerTicketExportRoutes(app: FastifyInstance, base: Ctx) {
  app.get<{ Params: { ref: string } }>("/api/tickets/:ref/export.zip", async (req, reply) => {
    const ctx = await requireAgent(base, req);
    const ticket = await findTicketByRef(ctx, req.params.ref);
    if (!ticket) throw new AppError("not_found", "ticket not found");
    await assertTicketVisible(ctx, ticket);
    const archive = await buildEvidenceArchive(ctx, ticket.id);
    await recordAudit(ctx, "data.exported", {
      resource: "ticket", ticketId: ticket.id, number: archive.manifest.ticket.number, format: "evidence-zip",
      files: archive.manifest.files.length, exportedAt: archive.manifest.exportedAt,
    });
    return reply
      .header("Content-Type", "application/zip")
      .header("Content-Disposition", `attachment; filename="${archive.filename}"`)
      .header("Cache-Control", "private, no-store")
      .send(archive.bytes);
  });
}
