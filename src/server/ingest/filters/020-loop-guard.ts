// Keeps machines from talking to machines: our own mail looping back, bounces, auto-replies.
import { addressparser } from "../address.ts";
import { automaticReason, isDeliveryReport, isFeedbackReport, readDeliveryReport } from "../automatic-mail.ts";
import type { Filter } from "../filter.ts";
import { findOutboundByMessageId } from "../../outbound/outbound-mail.repo.ts";

export const loopGuardFilter: Filter = {
  name: "loop-guard",
  async run(ctx, msg) {
    const from = addressparser(msg.headers.get("from") ?? "")[0]?.address ?? null;
    const ownAddresses = new Set(ctx.services.config.mailboxes.map((m) => m.address));
    const fromBase = from ? from.toLowerCase().replace(/\+[^@]*@/, "@") : null;

    if (isDeliveryReport(msg.headers, from)) {
      const report = readDeliveryReport(msg.raw, msg.headers.get("message-id"));
      for (const id of report.originalMessageIds) {
        const outbound = await findOutboundByMessageId(ctx, id);
        if (outbound) {
          return {
            kind: "divert", to: "bounce", ticketId: outbound.ticket_id ?? undefined, outboundId: outbound.id, deliveryOutcome: report.outcome,
            reason: `delivery report for ${id}: ${report.outcome === "failed" ? "" : `${report.outcome}, `}${report.status ?? "unknown status"} ${report.diagnostic ?? ""}`.trim(),
          };
        }
      }
      return { kind: "divert", to: "bounce", reason: "delivery report for a message we did not send" };
    }
    if (isFeedbackReport(msg.headers)) return { kind: "divert", to: "automatic", reason: "abuse feedback report" };
    if (fromBase && ownAddresses.has(fromBase)) return { kind: "drop", reason: `loop: mail from our own address ${fromBase}` };
    if (msg.headers.all("x-paydesk-loop").length > 0 || msg.headers.get("x-paydesk-outbound")) {
      return { kind: "drop", reason: "loop: our own outbound mail came back" };
    }

    return { kind: "continue", msg: { ...msg, automatic: automaticReason(msg.headers, msg.envelope.mailFrom) } };
  },
};
