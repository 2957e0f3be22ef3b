// Full-text search over tickets.
import { api, type Query } from "../../lib/api.ts";
import type { SearchResult } from "../../lib/types.ts";

export const searchTickets = (query: Query) => api.get<{ results: SearchResult[]; nextCursor: string | null }>("/api/search", query);
