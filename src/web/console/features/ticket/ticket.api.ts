// The ticket page's calls to the server.
import { api } from "../../lib/api.ts";
import type { CannedResponse, Category, Priority, Status, TicketDetail, TicketSummary, Viewer } from "../../lib/types.ts";

export type TicketPatch = { status?: Status; priority?: Priority; category?: Category | null; assigneeId?: string | null; tags?: string[]; mailboxId?: string };
export type Upload = { id: string; filename: string; size: number; contentType: string };
export type ReplyInput = { text: string; html?: string; status?: Status; uploadIds?: string[]; expectedLastMessageId?: string | null; force?: boolean };

const path = (ref: string) => `/api/tickets/${encodeURIComponent(ref)}`;

export const loadTicket = (ref: string) => api.get<TicketDetail>(path(ref));
export const patchTicket = (ref: string, patch: TicketPatch) => api.patch<{ ticket: TicketSummary }>(path(ref), patch).then((r) => r.ticket);
export const sendReply = (ref: string, input: ReplyInput) => api.post<unknown>(`${path(ref)}/replies`, input);
export const addNote = (ref: string, text: string) => api.post<unknown>(`${path(ref)}/notes`, { text });
export const beat = (ref: string) => api.post<{ viewers: Viewer[]; lastMessageId: string | null }>(`${path(ref)}/presence`);
export const mergeTicket = (ref: string, into: string) => api.post<{ ticket: TicketSummary }>(`${path(ref)}/merge`, { into }).then((r) => r.ticket);
/** With the ticket, the server also fills each body in (`rendered`); the composer fills in itself otherwise. */
export const listCanned = (ref: string) =>
  api.get<{ responses: (CannedResponse & { rendered?: string })[] }>("/api/canned-responses", { ticket: ref }).then((r) => r.responses);
export const customerTickets = (customerId: string) =>
  api.get<{ tickets: TicketSummary[] }>(`/api/customers/${encodeURIComponent(customerId)}`).then((r) => r.tickets);

/** Auditors only: the message as received (secrets included); the server logs who asked and why. */
export const openOriginal = (messageId: string, reason: string) =>
  api.postForBlob(`/api/messages/${encodeURIComponent(messageId)}/original`, { reason });

/** Admins only: puts a file the virus scan held back onto the ticket after all (audited, with the reason). */
export const releaseHeldBack = (messageId: string, index: number, reason: string) =>
  api.post<{ attachmentId: string }>(`/api/messages/${encodeURIComponent(messageId)}/held-back/${index}/release`, { reason });

export function uploadFile(file: File): Promise<Upload> {
  return api.postBytes<Upload>(`/api/uploads?filename=${encodeURIComponent(file.name)}`, file, file.type);
}
