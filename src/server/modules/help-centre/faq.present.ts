// What leaves the server about an FAQ article: everything for the console, one language of sanitised
// HTML for the help centre.
import type { PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { faqCategoryNames, type FaqArticle, type FaqCategory, type PublicFaqArticle } from "./faq.ts";
import { renderFaqMarkdown } from "./faq-markdown.ts";
import type { FaqRow } from "./faq.repo.ts";

export function presentFaqForAdmin(row: FaqRow): FaqArticle {
  return {
    id: row.id,
    slug: row.slug,
    category: row.category as FaqCategory,
    title: { en: row.title_en, zh: row.title_zh },
    body: { en: row.body_en, zh: row.body_zh },
    published: Number(row.published) === 1,
    helpful: { yes: Number(row.helpful_yes), no: Number(row.helpful_no) },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One language; an article missing that language's text falls back to the other. */
export function presentFaqForPublic(row: FaqRow, lang: PortalLanguage): PublicFaqArticle {
  const zh = lang === "zh-CN";
  const title = (zh ? row.title_zh : row.title_en) || row.title_en || row.title_zh;
  const body = (zh ? row.body_zh : row.body_en).trim() ? (zh ? row.body_zh : row.body_en) : zh ? row.body_en : row.body_zh;
  const category = (row.category in faqCategoryNames ? row.category : "general") as FaqCategory;
  return {
    id: row.id,
    slug: row.slug,
    category,
    categoryName: faqCategoryNames[category][zh ? "zh" : "en"],
    title,
    html: renderFaqMarkdown(body),
    helpful: { yes: Number(row.helpful_yes), no: Number(row.helpful_no) },
    updatedAt: row.updated_at,
  };
}
