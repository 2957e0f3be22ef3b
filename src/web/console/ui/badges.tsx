// Small coloured labels for status, priority and sender verification.
import { useT } from "../lib/i18n.ts";
import type { Priority, Status, Verdict } from "../lib/types.ts";

export function StatusBadge({ status }: { status: Status }) {
  const t = useT();
  return <span class={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const t = useT();
  return (
    <span class={`badge priority-${priority}`} title={t("ticket.priority")}>
      {t(`priority.${priority}`)}
    </span>
  );
}

const verdictIcon: Record<Verdict, string> = { verified: "✓", unverified: "?", spoofed: "✗" };

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const t = useT();
  return (
    <span class={`badge verdict-${verdict}`} title={t(`verdict.${verdict}.hint`)} aria-label={t(`verdict.${verdict}`)} role="img">
      <span aria-hidden="true">{verdictIcon[verdict]} </span>
      <span aria-hidden="true">{t(`verdict.${verdict}`)}</span>
    </span>
  );
}
