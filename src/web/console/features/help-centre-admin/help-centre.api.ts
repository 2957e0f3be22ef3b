// The help centre's admin API: the official-channel registry and FAQ articles (admins only).
import { api } from "../../lib/api.ts";

export const channelKinds = ["email", "phone", "chat", "social", "web"] as const;
export type ChannelKind = (typeof channelKinds)[number];
export type Bilingual = { en: string; zh: string };

export type OfficialChannel = {
  id: string; kind: ChannelKind; purpose: string; value: string; label: Bilingual; hours: Bilingual;
  responseTime: Bilingual; sortOrder: number; published: boolean; createdAt: string; updatedAt: string;
};
export type ChannelInput = Omit<OfficialChannel, "id" | "createdAt" | "updatedAt">;

export const faqCategories = ["payment", "withdrawal", "refund", "account", "security", "complaint", "general"] as const;
export type FaqCategory = (typeof faqCategories)[number];

export type FaqArticle = {
  id: string; slug: string; category: FaqCategory; title: Bilingual; body: Bilingual; published: boolean;
  helpful: { yes: number; no: number }; createdAt: string; updatedAt: string;
};
export type FaqInput = Pick<FaqArticle, "slug" | "category" | "title" | "body" | "published">;

const path = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

export const listChannels = () => api.get<{ channels: OfficialChannel[] }>("/api/official-channels").then((r) => r.channels);
export const createChannel = (input: ChannelInput) => api.post<{ channel: OfficialChannel }>("/api/official-channels", input).then((r) => r.channel);
export const updateChannel = (id: string, input: Partial<ChannelInput>) =>
  api.patch<{ channel: OfficialChannel }>(path("/api/official-channels", id), input).then((r) => r.channel);
export const deleteChannel = (id: string) => api.del(path("/api/official-channels", id));

export const listFaq = () => api.get<{ articles: FaqArticle[] }>("/api/faq").then((r) => r.articles);
export const createFaq = (input: FaqInput) => api.post<{ article: FaqArticle }>("/api/faq", input).then((r) => r.article);
export const updateFaq = (id: string, input: Partial<FaqInput>) => api.patch<{ article: FaqArticle }>(path("/api/faq", id), input).then((r) => r.article);
export const deleteFaq = (id: string) => api.del(path("/api/faq", id));
