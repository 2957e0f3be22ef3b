// One line per ticket event, in the agent's language. Events that only repeat a message (received,
// sent, note added) or plumbing (mail queued) are not shown; unknown kinds still say what happened.
import type { MessageKey, Translate } from "../../../../common/i18n/index.ts";
import { categories, priorities, statuses, type TicketEvent } from "../../lib/types.ts";

export const hiddenEventKinds = new Set(["message.received", "message.sent", "note.added", "mail.queued", "agent.signed_in"]);

export const eventKind = (e: TicketEvent) => e.kind ?? e.type ?? "";

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

function valueText(field: string, value: unknown, t: Translate, nameOf: (id: string | null) => string | null): string {
  if (value === null || value === undefined || value === "") return "—";
  const v = str(value);
  if (field === "status" && (statuses as readonly string[]).includes(v)) return t(`status.${v as (typeof statuses)[number]}`);
  if (field === "priority" && (priorities as readonly string[]).includes(v)) return t(`priority.${v as (typeof priorities)[number]}`);
  if (field === "category" && (categories as readonly string[]).includes(v)) return t(`category.${v as (typeof categories)[number]}`);
  if (field === "assigneeId" || field === "assignee_id") return nameOf(v) ?? v;
  if (Array.isArray(value)) return value.map(String).join(", ") || "—";
  return v || JSON.stringify(value);
}

const changeKeys: Record<string, MessageKey> = {
  status: "event.changeStatus",
  priority: "event.changePriority",
  category: "event.changeCategory",
  tags: "event.changeTags",
  mailboxId: "event.changeMailbox",
};

function describeChanges(changes: Record<string, { from?: unknown; to?: unknown }>, t: Translate, nameOf: (id: string | null) => string | null): string {
  return Object.entries(changes)
    .map(([field, c]) => {
      if (field === "assigneeId" || field === "assignee_id") {
        return c.to ? t("event.changeAssignee", { to: valueText(field, c.to, t, nameOf) }) : t("event.changeUnassigned");
      }
      const key = changeKeys[field];
      const vars = { field, to: valueText(field, c.to, t, nameOf), from: valueText(field, c.from, t, nameOf) };
      return key ? t(key, vars) : t("event.changeOther", vars);
    })
    .join("; ");
}

export function describeEvent(e: TicketEvent, t: Translate, nameOf: (id: string | null) => string | null): string {
  const actorId = e.actor?.id ?? e.actorId ?? null;
  const actor = e.actorName ?? nameOf(actorId) ?? (e.actor?.kind === "customer" ? t("event.customer") : t("event.system"));
  const d = e.data ?? {};
  const kind = eventKind(e);
  switch (kind) {
    case "ticket.created":
      return t("event.created", { actor, channel: str(d.channel) || "—" });
    case "ticket.updated": {
      if (d.changes && typeof d.changes === "object") {
        const text = describeChanges(d.changes as Record<string, { from?: unknown; to?: unknown }>, t, nameOf);
        if (text) return `${actor}: ${text}`;
      }
      return d.followUpOf ? t("event.followUp", { ref: str(d.followUpOf) }) : t("event.updated", { actor });
    }
    case "ticket.reopened":
      return t("event.reopened", { status: valueText("status", d.to, t, nameOf) });
    case "ticket.merged":
      return t("event.merged", { actor, ref: str(d.sourceNumber) || str(d.sourceId) });
    case "ticket.merged_into":
      return t("event.mergedInto", { actor, ref: str(d.targetNumber) || str(d.targetId) });
    case "participant.added":
      return t("event.participant", { address: str(d.address) });
    case "mail.delivered":
      return t("event.delivered");
    case "mail.delivery_failed":
      return t("event.deliveryFailed", { reason: str(d.error) });
    case "mail.bounced":
      return t("event.bounced", { reason: str(d.reason) });
    case "mail.delayed":
      return t("event.delayed", { reason: str(d.reason) });
    case "attachment.quarantined":
      return t("event.attachmentQuarantined", { file: str(d.filename), signature: str(d.signature) });
    case "attachment.released":
      return t("event.attachmentReleased", { actor, file: str(d.filename), scan: str(d.scan), reason: str(d.reason) });
    case "acknowledgement.skipped":
      return t("event.ackSkipped", { reason: str(d.reason) });
    case "inbound.dropped":
    case "inbound.diverted":
      return t("event.inboundHeld", { reason: str(d.reason) });
    default: {
      const details = Object.entries(d)
        .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(", ");
      return t("event.generic", { actor, type: kind, details });
    }
  }
}
