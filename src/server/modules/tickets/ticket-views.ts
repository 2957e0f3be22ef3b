// The console's inbox views: each is a named filter over tickets, relative to the agent and the time.
import type { TicketFilter } from "./ticket.repo.ts";

export const ticketViews = ["new", "mine", "unassigned", "pending", "due_soon", "breached", "complaints", "all"] as const;
export type TicketView = (typeof ticketViews)[number];

/** Statuses somebody still has to act on. */
export const activeStatuses = ["new", "open", "pending", "on_hold"];
const DUE_SOON_MS = 2 * 3600_000;

export function viewFilter(view: TicketView, agentId: string | null, now: Date): Partial<TicketFilter> {
  const nowIso = now.toISOString();
  switch (view) {
    case "new": return { status: ["new"] };
    case "mine": return { status: activeStatuses, assigneeId: agentId ?? "-" };
    case "unassigned": return { status: ["new", "open"], assigneeId: null };
    case "pending": return { status: ["pending"] };
    case "due_soon": return { status: ["new", "open"], awaitingFirstResponse: true, dueAfter: nowIso, dueBefore: new Date(now.getTime() + DUE_SOON_MS).toISOString() };
    case "breached": return { status: ["new", "open"], awaitingFirstResponse: true, dueBefore: nowIso };
    case "complaints": return { status: activeStatuses, category: "complaint" };
    case "all": return {};
  }
}
