// FAQ search with the ticket search's tokenizer, so Chinese works the same way: 提现 is one bigram token,
// longer Chinese queries AND their bigrams, and the word being typed matches as a prefix.
import type { PortalLanguage } from "../../../common/i18n/define-messages.ts";
import type { Ctx } from "../../context.ts";
import { parseQuery, tokenizeForIndex } from "../../db/search/tokenize.ts";
import { presentExcerpt } from "../search/search.present.ts";
import { faqPlainText } from "./faq-markdown.ts";
import { presentFaqForPublic } from "./faq.present.ts";
import { findArticlesWithToken, listFaqRows } from "./faq.repo.ts";
import type { PublicFaqArticle } from "./faq.ts";

export type FaqHit = { article: PublicFaqArticle; excerpt: string };

export const FAQ_QUERY_MAX = 200;

export async function searchFaq(ctx: Ctx, text: string, lang: PortalLanguage, limit = 20): Promise<FaqHit[]> {
  const { terms, highlights } = parseQuery(text.slice(0, FAQ_QUERY_MAX));
  if (terms.length === 0) return [];
  let ids: Set<string> | null = null;
  for (const term of terms) {
    const found: string[] = await findArticlesWithToken(ctx, term.token, term.prefix);
    ids = new Set(ids === null ? found : found.filter((id) => ids!.has(id)));
    if (ids.size === 0) return [];
  }
  const rows = await listFaqRows(ctx, { publishedOnly: true, ids: [...ids!] });
  const zh = lang === "zh-CN";
  const scored = rows.map((row) => {
    const titleTokens = new Set(tokenizeForIndex(`${zh ? row.title_zh : row.title_en} ${zh ? row.title_en : row.title_zh}`));
    const inTitle = terms.filter((t) => (t.prefix ? [...titleTokens].some((x) => x.startsWith(t.token)) : titleTokens.has(t.token))).length;
    return { row, inTitle, votes: Number(row.helpful_yes) - Number(row.helpful_no) };
  });
  scored.sort((a, b) => b.inTitle - a.inTitle || b.votes - a.votes || b.row.updated_at.localeCompare(a.row.updated_at));
  return scored.slice(0, limit).map(({ row }) => {
    const mine = faqPlainText(zh ? row.body_zh : row.body_en);
    const other = faqPlainText(zh ? row.body_en : row.body_zh);
    const excerpt = presentExcerpt(mine || other, highlights);
    return { article: presentFaqForPublic(row, lang), excerpt };
  });
}
