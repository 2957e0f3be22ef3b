// Filter controls above the ticket list; every change is a new URL.
import { useEffect, useState } from "preact/hooks";
import { useAgents, useMailboxes } from "../../lib/directory.ts";
import { useT } from "../../lib/i18n.ts";
import { categories, priorities, statuses } from "../../lib/types.ts";
import type { FilterKey, Filters } from "./filters.ts";

export function FilterBar({ filters, onChange }: { filters: Filters; onChange(next: Filters): void }) {
  const t = useT();
  const agents = useAgents();
  const mailboxes = useMailboxes();
  const [tag, setTag] = useState(filters.tag ?? "");
  useEffect(() => setTag(filters.tag ?? ""), [filters.tag]);

  const set = (key: FilterKey, value: string) => onChange({ ...filters, [key]: value || undefined });
  const active = Object.values(filters).some(Boolean);

  return (
    <form
      class="filter-bar"
      aria-label={t("inbox.filters")}
      onSubmit={(e) => {
        e.preventDefault();
        set("tag", tag.trim());
      }}
    >
      <label>
        <span>{t("ticket.status")}</span>
        <select value={filters.status ?? ""} onChange={(e) => set("status", e.currentTarget.value)}>
          <option value="">{t("common.any")}</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t("ticket.priority")}</span>
        <select value={filters.priority ?? ""} onChange={(e) => set("priority", e.currentTarget.value)}>
          <option value="">{t("common.any")}</option>
          {priorities.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t("ticket.category")}</span>
        <select value={filters.category ?? ""} onChange={(e) => set("category", e.currentTarget.value)}>
          <option value="">{t("common.any")}</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t("ticket.mailbox")}</span>
        <select value={filters.mailbox ?? ""} onChange={(e) => set("mailbox", e.currentTarget.value)}>
          <option value="">{t("common.any")}</option>
          {mailboxes.map((m) => (
            <option key={m.id} value={m.id} title={m.address}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t("ticket.assignee")}</span>
        <select value={filters.assignee ?? ""} onChange={(e) => set("assignee", e.currentTarget.value)}>
          <option value="">{t("common.any")}</option>
          <option value="me">{t("inbox.assigneeMe")}</option>
          <option value="none">{t("inbox.assigneeNone")}</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t("ticket.tag")}</span>
        <input type="text" size={10} value={tag} onInput={(e) => setTag(e.currentTarget.value)} onBlur={() => tag.trim() !== (filters.tag ?? "") && set("tag", tag.trim())} />
      </label>
      <label>
        <span>{t("inbox.from")}</span>
        <input type="date" value={filters.from ?? ""} onChange={(e) => set("from", e.currentTarget.value)} />
      </label>
      <label>
        <span>{t("inbox.to")}</span>
        <input type="date" value={filters.to ?? ""} onChange={(e) => set("to", e.currentTarget.value)} />
      </label>
      <label>
        <span>{t("inbox.sort")}</span>
        <select value={filters.sort ?? "updated"} onChange={(e) => set("sort", e.currentTarget.value === "updated" ? "" : e.currentTarget.value)}>
          <option value="updated">{t("inbox.sortUpdated")}</option>
          <option value="created">{t("inbox.sortCreated")}</option>
        </select>
      </label>
      {active && (
        <button type="button" class="link" onClick={() => onChange({})}>
          {t("inbox.clearFilters")}
        </button>
      )}
    </form>
  );
}
