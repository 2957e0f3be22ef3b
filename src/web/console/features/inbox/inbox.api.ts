// The inbox's calls to the server.
import { api, type Query } from "../../lib/api.ts";
import type { Priority, Status, TicketSummary, ViewId } from "../../lib/types.ts";

/** `capped`: the view holds at least `count` tickets (the server stops counting there). */
export type ViewCount = { id: ViewId; count: number; capped?: boolean };
export type BulkPatch = { status?: Status; priority?: Priority; assigneeId?: string | null; addTags?: string[] };

export const listViews = () => api.get<{ views: ViewCount[] }>("/api/views").then((r) => r.views);
export const listTickets = (query: Query) => api.get<{ tickets: TicketSummary[]; nextCursor: string | null }>("/api/tickets", query);
export const updateTickets = (ids: string[], patch: BulkPatch) => api.post<{ updated: number }>("/api/tickets/bulk", { ids, patch });
