// FAQ pages: the list by category, search (?q=, the ticket search's Chinese-aware tokens), one article, and
// "did this help?" as a plain form post, counted at most once per visitor and article a day.
import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../context.ts";
import { defineMessages, messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { findPublishedFaq, listPublishedFaq, voteFaqHelpful } from "../../modules/help-centre/faq.commands.ts";
import { FAQ_QUERY_MAX, searchFaq } from "../../modules/help-centre/faq-search.queries.ts";
import { faqCategories, type PublicFaqArticle } from "../../modules/help-centre/faq.ts";
import { createRateLimiter } from "../../security/rate-limiter.ts";
import { requestCtx } from "../request-ctx.ts";
import { checkFormToken, visitorKey } from "./help-centre-notice.view.ts";
import { issueFormToken } from "./form-token.ts";
import { html, trustedHtml, type SafeHtml } from "./html.ts";
import { negotiateLanguage, sendPortalPage } from "./portal-page.ts";

const messages = defineMessages({
  title: "Frequently asked questions",
  searchLabel: "Search the help centre",
  search: "Search",
  results: "Results for “{q}”",
  noResults: "Nothing matches “{q}”. Try other words, or contact us.",
  none: "There are no articles yet.",
  notFound: "This article does not exist or is no longer published.",
  notFoundTitle: "Article not found",
  back: "All questions",
  helpful: "Did this answer help you?",
  yes: "Yes",
  no: "No",
  thanks: "Thank you for your feedback.",
  stillNeed: "Still need help?",
  contact: "Contact us",
  updated: "Updated",
}, {
  title: "常见问题",
  searchLabel: "搜索帮助中心",
  search: "搜索",
  results: "“{q}”的搜索结果",
  noResults: "没有与“{q}”匹配的内容。请换个说法试试，或联系我们。",
  none: "暂时还没有文章。",
  notFound: "该文章不存在或已不再公开。",
  notFoundTitle: "找不到文章",
  back: "全部问题",
  helpful: "这个回答对您有帮助吗？",
  yes: "有帮助",
  no: "没有帮助",
  thanks: "感谢您的反馈。",
  stillNeed: "仍需要帮助？",
  contact: "联系我们",
  updated: "更新于",
});

export function searchBox(lang: PortalLanguage, q: string): SafeHtml {
  const t = messagesFor(messages, lang);
  return html`<form class="card faq-search" method="get" action="/faq" role="search">
  <div class="field">
    <label for="faq-q">${t("searchLabel")}</label>
    <input type="search" id="faq-q" name="q" value="${q}" maxlength="${FAQ_QUERY_MAX}">
  </div>
  <button type="submit">${t("search")}</button>
</form>`;
}

export function registerFaqRoutes(app: FastifyInstance, base: Ctx) {
  // One answer per visitor and article a day; the window is what the counter can promise without storage.
  const votes = createRateLimiter(1, 24 * 3600_000, () => base.clock.now().getTime());

  app.get("/faq", async (req, reply) => {
    const lang = negotiateLanguage(req, reply);
    const ctx = requestCtx(base, req);
    const t = messagesFor(messages, lang);
    const raw = (req.query as Record<string, unknown> | undefined)?.q;
    const q = typeof raw === "string" ? raw.slice(0, FAQ_QUERY_MAX).trim() : "";
    let body: SafeHtml;
    if (q) {
      const hits = await searchFaq(ctx, q, lang);
      body = html`<h1>${t("results", { q })}</h1>${searchBox(lang, q)}
${hits.length === 0
    ? html`<p>${t("noResults", { q })} <a href="/contact">${t("contact")}</a></p>`
    : html`<ol class="faq-results">${hits.map((h) => html`<li><a href="/faq/${h.article.slug}">${h.article.title}</a> <span class="muted">· ${h.article.categoryName}</span><p class="excerpt">${trustedHtml(h.excerpt)}</p></li>`)}</ol>`}
<p><a href="/faq">${t("back")}</a></p>`;
    } else {
      const articles = await listPublishedFaq(ctx, lang);
      body = html`<h1>${t("title")}</h1>${searchBox(lang, "")}
${articles.length === 0 ? html`<p class="muted">${t("none")}</p>` : renderByCategory(articles)}`;
    }
    return sendPortalPage(ctx, reply, { lang, path: "/faq", title: t("title"), body });
  });

  app.get<{ Params: { slug: string } }>("/faq/:slug", async (req, reply) => {
    const lang = negotiateLanguage(req, reply);
    const ctx = requestCtx(base, req);
    const t = messagesFor(messages, lang);
    const article = await findPublishedFaq(ctx, req.params.slug.slice(0, 100), lang);
    if (!article) {
      return sendPortalPage(ctx, reply, { lang, path: "/faq", status: 404, title: t("notFoundTitle"), body: html`<h1>${t("notFoundTitle")}</h1><p>${t("notFound")}</p><p><a href="/faq">${t("back")}</a></p>` });
    }
    const voted = (req.query as Record<string, unknown> | undefined)?.voted === "1";
    const token = issueFormToken(ctx, req, reply);
    const body = html`<p><a href="/faq">${t("back")}</a> · <span class="muted">${article.categoryName}</span></p>
<article class="card faq-article">
<h1>${article.title}</h1>
<div class="faq-body">${trustedHtml(article.html)}</div>
<p class="muted">${t("updated")} <time datetime="${article.updatedAt}">${article.updatedAt.slice(0, 10)}</time></p>
</article>
${voted
    ? html`<p class="notice" role="status">${t("thanks")}</p>`
    : html`<form class="card helpful" method="post" action="/faq/${article.slug}/helpful">
  <input type="hidden" name="_csrf" value="${token}">
  <p>${t("helpful")}</p>
  <button type="submit" name="vote" value="yes">${t("yes")}</button>
  <button type="submit" name="vote" value="no" class="secondary">${t("no")}</button>
</form>`}
<p>${t("stillNeed")} <a href="/contact">${t("contact")}</a></p>`;
    return sendPortalPage(ctx, reply, { lang, path: "/faq", title: article.title, body });
  });

  app.post<{ Params: { slug: string } }>("/faq/:slug/helpful", async (req, reply) => {
    const lang = negotiateLanguage(req, reply);
    const ctx = requestCtx(base, req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const slug = req.params.slug.slice(0, 100);
    const back = `/faq/${encodeURIComponent(slug)}`;
    if (!checkFormToken(ctx, req, reply, lang, back, body._csrf)) return reply;
    if (body.vote !== "yes" && body.vote !== "no") return reply.redirect(back, 303);
    if (!(await findPublishedFaq(ctx, slug, lang))) return reply.redirect("/faq", 303);
    // A repeated vote is not an error the visitor needs to see: it is simply not counted again.
    if (votes.take(`${visitorKey(req)} ${slug}`)) await voteFaqHelpful(ctx, slug, body.vote === "yes");
    return reply.redirect(`${back}?voted=1`, 303);
  });
}

function renderByCategory(articles: PublicFaqArticle[]): SafeHtml {
  return html`${faqCategories.map((cat) => {
    const mine = articles.filter((a) => a.category === cat);
    if (mine.length === 0) return "";
    return html`<section class="card faq-category" data-category="${cat}"><h2>${mine[0]!.categoryName}</h2><ul>${mine.map((a) => html`<li><a href="/faq/${a.slug}">${a.title}</a></li>`)}</ul></section>`;
  })}`;
}
