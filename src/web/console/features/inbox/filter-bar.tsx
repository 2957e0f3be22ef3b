// Filter controls above the ticket list; every change is a new URL.
import { useEffect, useState } from "preact/hooks";
import { useAgents, useMailboxes } from "../../lib/directory.ts";
import { useT } from "../../lib/i18n.ts";
import { categories, priorities, statuses } from "../../lib/types.ts";
import { EnumSelect } from "../../ui/enum-select.tsx";
import { SelectField } from "../../ui/select-field.tsx";
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
      <EnumSelect label={t("ticket.status")} prefix="status" values={statuses} empty={t("common.any")} value={filters.status ?? ""} onChange={(v) => set("status", v)} />
      <EnumSelect label={t("ticket.priority")} prefix="priority" values={priorities} empty={t("common.any")} value={filters.priority ?? ""} onChange={(v) => set("priority", v)} />
      <EnumSelect label={t("ticket.category")} prefix="category" values={categories} empty={t("common.any")} value={filters.category ?? ""} onChange={(v) => set("category", v)} />
      <SelectField
        label={t("ticket.mailbox")}
        options={mailboxes.map((m) => ({ value: m.id, label: m.name, title: m.address }))}
        empty={t("common.any")}
        value={filters.mailbox ?? ""}
        onChange={(v) => set("mailbox", v)}
      />
      <SelectField
        label={t("ticket.assignee")}
        options={[{ value: "me", label: t("inbox.assigneeMe") }, { value: "none", label: t("inbox.assigneeNone") }, ...agents.map((a) => ({ value: a.id, label: a.name }))]}
        empty={t("common.any")}
        value={filters.assignee ?? ""}
        onChange={(v) => set("assignee", v)}
      />
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
      <SelectField
        label={t("inbox.sort")}
        options={[{ value: "updated", label: t("inbox.sortUpdated") }, { value: "created", label: t("inbox.sortCreated") }]}
        value={filters.sort ?? "updated"}
        onChange={(v) => set("sort", v === "updated" ? "" : v)}
      />
      {active && (
        <button type="button" class="link" onClick={() => onChange({})}>
          {t("inbox.clearFilters")}
        </button>
      )}
    </form>
  );
}
