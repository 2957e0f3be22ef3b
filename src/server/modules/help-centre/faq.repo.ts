// FAQ rows and their search terms (private to the help-centre module).
import { sql, type Selectable } from "kysely";
import type { Ctx } from "../../context.ts";
import type { FaqArticlesTable } from "../../db/schema.ts";

export type FaqRow = Selectable<FaqArticlesTable>;

export async function listFaqRows(ctx: Ctx, opts: { publishedOnly?: boolean; ids?: string[] } = {}): Promise<FaqRow[]> {
  if (opts.ids && opts.ids.length === 0) return [];
  let q = ctx.db.selectFrom("faq_articles").selectAll();
  if (opts.publishedOnly) q = q.where("published", "=", 1);
  if (opts.ids) q = q.where("id", "in", opts.ids);
  return q.orderBy("category").orderBy("updated_at", "desc").orderBy("id").execute();
}

export async function findFaqRow(ctx: Ctx, by: { id: string } | { slug: string }): Promise<FaqRow | undefined> {
  const q = ctx.db.selectFrom("faq_articles").selectAll();
  return ("id" in by ? q.where("id", "=", by.id) : q.where("slug", "=", by.slug)).executeTakeFirst();
}

export async function insertFaqRow(ctx: Ctx, row: FaqRow): Promise<void> {
  await ctx.db.insertInto("faq_articles").values(row).execute();
}

export async function updateFaqRow(ctx: Ctx, id: string, patch: Partial<Omit<FaqRow, "id" | "created_at">>): Promise<void> {
  await ctx.db.updateTable("faq_articles").set(patch).where("id", "=", id).execute();
}

export async function deleteFaqRow(ctx: Ctx, id: string): Promise<boolean> {
  await ctx.db.deleteFrom("faq_terms").where("article_id", "=", id).execute();
  const res = await ctx.db.deleteFrom("faq_articles").where("id", "=", id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function addHelpfulVote(ctx: Ctx, id: string, helpful: boolean): Promise<void> {
  await ctx.db.updateTable("faq_articles")
    .set(helpful ? { helpful_yes: sql`helpful_yes + 1` } : { helpful_no: sql`helpful_no + 1` })
    .where("id", "=", id).execute();
}

export async function replaceFaqTerms(ctx: Ctx, articleId: string, tokens: string[]): Promise<void> {
  await ctx.db.deleteFrom("faq_terms").where("article_id", "=", articleId).execute();
  for (let i = 0; i < tokens.length; i += 500) {
    const chunk = tokens.slice(i, i + 500).map((token) => ({ token, article_id: articleId }));
    if (chunk.length) await ctx.db.insertInto("faq_terms").values(chunk).execute();
  }
}

/** Articles holding the token exactly, or (prefix) a token that starts with it. */
export async function findArticlesWithToken(ctx: Ctx, token: string, prefix: boolean): Promise<string[]> {
  let q = ctx.db.selectFrom("faq_terms").select("article_id").distinct();
  if (prefix) {
    const pattern = token.replace(/[\\%_]/g, (c) => `\\${c}`) + "%";
    q = q.where(sql<boolean>`token like ${pattern} escape '\\'`);
  } else {
    q = q.where("token", "=", token);
  }
  return (await q.execute()).map((r) => r.article_id);
}
