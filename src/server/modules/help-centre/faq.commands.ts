// FAQ articles: admins write them (Markdown in both languages), the help centre shows the published ones,
// customers vote on whether one helped. Each write re-indexes the article's search terms in the same
// transaction.
import type { PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { inTransaction, nowIso, type Ctx } from "../../context.ts";
import { recordAudit } from "../audit/audit.commands.ts";
import { AppError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { tokenizeForIndex } from "../../db/search/tokenize.ts";
import { faqCategoryNames, faqInputSchema, faqPatchSchema, type FaqArticle, type FaqCategory, type PublicFaqArticle } from "./faq.ts";
import { faqPlainText } from "./faq-markdown.ts";
import { presentFaqForAdmin, presentFaqForPublic } from "./faq.present.ts";
import { addHelpfulVote, deleteFaqRow, findFaqRow, insertFaqRow, listFaqRows, replaceFaqTerms, updateFaqRow, type FaqRow } from "./faq.repo.ts";

export async function listFaqArticles(ctx: Ctx): Promise<FaqArticle[]> {
  return (await listFaqRows(ctx)).map(presentFaqForAdmin);
}

export async function getFaqArticle(ctx: Ctx, id: string): Promise<FaqArticle> {
  const row = await findFaqRow(ctx, { id });
  if (!row) throw new AppError("not_found", "article not found");
  return presentFaqForAdmin(row);
}

export async function createFaqArticle(ctx: Ctx, raw: unknown): Promise<FaqArticle> {
  const input = faqInputSchema.parse(raw);
  return inTransaction(ctx, async (tx) => {
    if (await findFaqRow(tx, { slug: input.slug })) throw new AppError("conflict", `another article already uses the address /faq/${input.slug}`);
    const now = nowIso(tx);
    const row: FaqRow = {
      id: newId(tx.clock.now().getTime()), slug: input.slug, category: input.category,
      title_en: input.title.en, title_zh: input.title.zh, body_en: normalizeBody(input.body.en), body_zh: normalizeBody(input.body.zh),
      published: input.published ? 1 : 0, helpful_yes: 0, helpful_no: 0, created_at: now, updated_at: now,
    };
    await insertFaqRow(tx, row);
    await replaceFaqTerms(tx, row.id, faqTokens(row));
    await recordAudit(tx, "settings.faq_changed", { op: "created", id: row.id, slug: row.slug });
    return presentFaqForAdmin(row);
  });
}

export async function updateFaqArticle(ctx: Ctx, id: string, raw: unknown): Promise<FaqArticle> {
  const patch = faqPatchSchema.parse(raw);
  return inTransaction(ctx, async (tx) => {
    const row = await findFaqRow(tx, { id });
    if (!row) throw new AppError("not_found", "article not found");
    if (patch.slug && patch.slug !== row.slug && (await findFaqRow(tx, { slug: patch.slug }))) {
      throw new AppError("conflict", `another article already uses the address /faq/${patch.slug}`);
    }
    const set: Partial<FaqRow> = { updated_at: nowIso(tx) };
    if (patch.slug !== undefined) set.slug = patch.slug;
    if (patch.category !== undefined) set.category = patch.category;
    if (patch.title) Object.assign(set, { title_en: patch.title.en, title_zh: patch.title.zh });
    if (patch.body) Object.assign(set, { body_en: normalizeBody(patch.body.en), body_zh: normalizeBody(patch.body.zh) });
    if (patch.published !== undefined) set.published = patch.published ? 1 : 0;
    await updateFaqRow(tx, id, set);
    const next = { ...row, ...set };
    await replaceFaqTerms(tx, id, faqTokens(next));
    await recordAudit(tx, "settings.faq_changed", { op: "updated", id, slug: next.slug, published: next.published === 1 });
    return presentFaqForAdmin(next);
  });
}

export async function deleteFaqArticle(ctx: Ctx, id: string): Promise<void> {
  const deleted = await inTransaction(ctx, (tx) => deleteFaqRow(tx, id));
  if (!deleted) throw new AppError("not_found", "article not found");
  await recordAudit(ctx, "settings.faq_changed", { op: "deleted", id });
}

export async function listPublishedFaq(ctx: Ctx, lang: PortalLanguage): Promise<PublicFaqArticle[]> {
  return (await listFaqRows(ctx, { publishedOnly: true })).map((r) => presentFaqForPublic(r, lang));
}

/** A published article by its address; unpublished ones do not exist for the public. */
export async function findPublishedFaq(ctx: Ctx, slug: string, lang: PortalLanguage): Promise<PublicFaqArticle | null> {
  const row = await findFaqRow(ctx, { slug });
  return row && Number(row.published) === 1 ? presentFaqForPublic(row, lang) : null;
}

/** Counts one "did this help?" answer; the HTTP edge limits how often one visitor may answer. */
export async function voteFaqHelpful(ctx: Ctx, slug: string, helpful: boolean): Promise<void> {
  const row = await findFaqRow(ctx, { slug });
  if (!row || Number(row.published) !== 1) throw new AppError("not_found", "article not found");
  await addHelpfulVote(ctx, row.id, helpful);
}

const normalizeBody = (s: string) => s.replace(/\r\n?/g, "\n");

function faqTokens(row: FaqRow): string[] {
  const names = faqCategoryNames[row.category as FaqCategory];
  const text = [row.slug.replace(/-/g, " "), row.title_en, row.title_zh, names?.en ?? "", names?.zh ?? "", faqPlainText(row.body_en), faqPlainText(row.body_zh)].join("\n");
  return tokenizeForIndex(text);
}
