// The ticket list: one dense row per ticket, a checkbox for bulk actions, j/k to move.
import { useAgents } from "../../lib/directory.ts";
import { useT } from "../../lib/i18n.ts";
import { buildHash } from "../../lib/router.ts";
import type { TicketSummary } from "../../lib/types.ts";
import { PriorityBadge, StatusBadge } from "../../ui/badges.tsx";
import { Time } from "../../ui/time.tsx";

type Props = {
  tickets: TicketSummary[];
  active: number;
  selected: Set<string>;
  selectable: boolean;
  onToggle(id: string): void;
  onToggleAll(): void;
  onActivate(index: number): void;
};

export function TicketTable({ tickets, active, selected, selectable, onToggle, onToggleAll, onActivate }: Props) {
  const t = useT();
  const agents = useAgents();
  const nameOf = (id: string | null, fallback?: string | null) => (id ? (fallback ?? agents.find((a) => a.id === id)?.name ?? "…") : "");
  const all = tickets.length > 0 && tickets.every((x) => selected.has(x.id));
  return (
    <table class="ticket-table" aria-label={t("inbox.tickets")}>
      <thead>
        <tr>
          {selectable && (
            <th class="col-select">
              <input type="checkbox" aria-label={t("inbox.selectAll")} checked={all} onChange={onToggleAll} />
            </th>
          )}
          <th>{t("inbox.colTicket")}</th>
          <th>{t("inbox.colCustomer")}</th>
          <th>{t("ticket.status")}</th>
          <th>{t("ticket.priority")}</th>
          <th>{t("ticket.assignee")}</th>
          <th>{t("inbox.colUpdated")}</th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((ticket, i) => (
          <tr
            key={ticket.id}
            class={`${i === active ? "active" : ""} ${ticket.status === "new" ? "unread" : ""} row-priority-${ticket.priority}`}
            aria-current={i === active ? "true" : undefined}
            aria-selected={selected.has(ticket.id)}
            onClick={(e) => {
              if ((e.target as HTMLElement).closest("a,input,button")) return;
              onActivate(i);
            }}
          >
            {selectable && (
              <td class="col-select">
                <input type="checkbox" aria-label={t("inbox.select", { number: ticket.number })} checked={selected.has(ticket.id)} onChange={() => onToggle(ticket.id)} />
              </td>
            )}
            <td class="col-subject">
              <a href={buildHash(["tickets", ticket.number])} data-ticket-link>
                <span class="ticket-number">{ticket.number}</span> <span class="subject">{ticket.subject}</span>
              </a>
              {ticket.tags.length > 0 && (
                <span class="tags">
                  {ticket.tags.map((tag) => (
                    <span key={tag} class="tag">
                      {tag}
                    </span>
                  ))}
                </span>
              )}
            </td>
            <td class="col-customer" title={ticket.customerAddress ?? undefined}>
              {ticket.customerName || ticket.customerAddress || ""}
            </td>
            <td>
              <StatusBadge status={ticket.status} />
            </td>
            <td>
              <PriorityBadge priority={ticket.priority} />
            </td>
            <td class="col-assignee">{nameOf(ticket.assigneeId, ticket.assigneeName)}</td>
            <td class="col-time">
              <Time iso={ticket.updatedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
