// FAQ articles: their shape, categories and input rules.
import { z } from "zod";

export const faqCategories = ["payment", "withdrawal", "refund", "account", "security", "complaint", "general"] as const;
export type FaqCategory = (typeof faqCategories)[number];

export const faqCategoryNames: Record<FaqCategory, { en: string; zh: string }> = {
  payment: { en: "Payments", zh: "支付" },
  withdrawal: { en: "Withdrawals", zh: "提现" },
  refund: { en: "Refunds", zh: "退款" },
  account: { en: "Account and verification", zh: "账户与认证" },
  security: { en: "Security and fraud", zh: "安全与防诈骗" },
  complaint: { en: "Complaints", zh: "投诉" },
  general: { en: "General", zh: "其他问题" },
};

export const FAQ_BODY_MAX = 50_000;

const slug = z.string().trim().toLowerCase().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single hyphens").max(80);

export const faqInputSchema = z.object({
  slug,
  category: z.enum(faqCategories).default("general"),
  title: z.object({ en: z.string().trim().min(1).max(200), zh: z.string().trim().min(1).max(200) }).strict(),
  body: z.object({ en: z.string().max(FAQ_BODY_MAX), zh: z.string().max(FAQ_BODY_MAX) }).strict(),
  published: z.boolean().default(false),
}).strict();

export const faqPatchSchema = z.object({
  slug: slug.optional(),
  category: z.enum(faqCategories).optional(),
  title: z.object({ en: z.string().trim().min(1).max(200), zh: z.string().trim().min(1).max(200) }).strict().optional(),
  body: z.object({ en: z.string().max(FAQ_BODY_MAX), zh: z.string().max(FAQ_BODY_MAX) }).strict().optional(),
  published: z.boolean().optional(),
}).strict();

export type FaqInput = z.infer<typeof faqInputSchema>;
export type FaqPatch = z.infer<typeof faqPatchSchema>;

/** For the console: every field, both languages, Markdown as written. */
export type FaqArticle = {
  id: string;
  slug: string;
  category: FaqCategory;
  title: { en: string; zh: string };
  body: { en: string; zh: string };
  published: boolean;
  helpful: { yes: number; no: number };
  createdAt: string;
  updatedAt: string;
};

/** For a public page in one language: sanitised HTML. */
export type PublicFaqArticle = {
  id: string;
  slug: string;
  category: FaqCategory;
  categoryName: string;
  title: string;
  html: string;
  helpful: { yes: number; no: number };
  updatedAt: string;
};
