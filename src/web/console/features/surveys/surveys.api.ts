// Satisfaction-survey results (GET /api/surveys, supervisors and admins).
import { api } from "../../lib/api.ts";

export type SurveyRow = {
  ticketId: string; ticketNumber: string; subject: string; mailboxId: string; rating: number; comment: string; createdAt: string; updatedAt: string;
};
export type SurveyPage = {
  surveys: SurveyRow[];
  summary: { count: number; average: number | null; distribution: Record<"1" | "2" | "3" | "4" | "5", number> };
  nextCursor: string | null;
};

export const listSurveys = (query: { mailbox?: string; cursor?: string | null }) => api.get<SurveyPage>("/api/surveys", query);
