// Inbox filters live in the URL (`#/inbox/mine?status=open&tag=vip`) so a view can be bookmarked and shared.
import type { Query } from "../../lib/api.ts";

export const filterKeys = ["status", "priority", "category", "mailbox", "assignee", "tag", "from", "to", "sort"] as const;
export type FilterKey = (typeof filterKeys)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export function readFilters(query: URLSearchParams): Filters {
  const out: Filters = {};
  for (const key of filterKeys) {
    const v = query.get(key);
    if (v) out[key] = v;
  }
  return out;
}

/** Date inputs give local calendar days; the API gets the instants that bound them (`to` inclusive). */
export function dayStart(day: string): string | undefined {
  const d = new Date(`${day}T00:00:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function dayEnd(day: string): string | undefined {
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  d.setDate(d.getDate() + 1);
  return d.toISOString();
}

export function toQuery(view: string, filters: Filters, extra: Query = {}): Query {
  return {
    view,
    status: filters.status,
    priority: filters.priority,
    category: filters.category,
    mailbox: filters.mailbox,
    assignee: filters.assignee,
    tag: filters.tag,
    from: filters.from ? dayStart(filters.from) : undefined,
    to: filters.to ? dayEnd(filters.to) : undefined,
    sort: filters.sort,
    ...extra,
  };
}
