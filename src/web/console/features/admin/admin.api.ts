// Administration: agents, invitations, canned responses, the audit log, mail status.
import { api } from "../../lib/api.ts";
import type { Agent, AuditEntry, CannedResponse, DeadLetter, MailStatus, Role } from "../../lib/types.ts";

export type AgentPatch = { role?: Role; disabled?: boolean; mailboxIds?: string[] };
export type Invitation = { email: string; name: string; role: Role; mailboxIds: string[] };

export const listAgents = () => api.get<{ agents: Agent[] }>("/api/agents").then((r) => r.agents);
export const patchAgent = (id: string, patch: AgentPatch) => api.patch<{ agent: Agent }>(`/api/agents/${encodeURIComponent(id)}`, patch).then((r) => r.agent);
export const invite = (input: Invitation) => api.post<{ invitationUrl: string; expiresAt: string }>("/api/invitations", input);
export const listCanned = () => api.get<{ responses: CannedResponse[] }>("/api/canned-responses").then((r) => r.responses);
export const createCanned = (title: string, body: string) => api.post<unknown>("/api/canned-responses", { title, body });
export const listAudit = (cursor?: string | null) => api.get<{ entries: AuditEntry[]; nextCursor: string | null }>("/api/audit", { cursor });
export const getMailStatus = () => api.get<MailStatus>("/api/admin/mail-status");
export const resolveAlert = (key: string) => api.post<MailStatus>("/api/admin/alerts/resolve", { key });
export const listDeadLetters = () => api.get<{ items: DeadLetter[] }>("/api/dead-letters").then((r) => r.items);
export const replayDeadLetter = (id: string) => api.post<unknown>(`/api/dead-letters/${encodeURIComponent(id)}/replay`, {});
