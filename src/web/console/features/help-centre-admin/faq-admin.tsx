// FAQ articles: Markdown in both languages; the server sanitises what the help centre shows.
import { useState } from "preact/hooks";
import { useResource } from "../../lib/use-resource.ts";
import { ErrorNotice, Loading } from "../../ui/notice.tsx";
import { createFaq, deleteFaq, faqCategories, listFaq, updateFaq, type FaqArticle, type FaqInput } from "./help-centre.api.ts";
import { useHelpCentreT } from "./help-centre.messages.ts";

const blank: FaqInput = { slug: "", category: "general", title: { en: "", zh: "" }, body: { en: "", zh: "" }, published: false };

export function FaqAdmin() {
  const t = useHelpCentreT();
  const list = useResource(listFaq, []);
  const [editing, setEditing] = useState<FaqArticle | null>(null);
  const [error, setError] = useState<unknown>(null);

  const remove = async (a: FaqArticle) => {
    if (!window.confirm(t("confirmDelete", { name: a.title.en || a.slug }))) return;
    setError(null);
    try {
      await deleteFaq(a.id);
      if (editing?.id === a.id) setEditing(null);
      await list.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="faq-title">
      <h2 id="faq-title">{t("faq")}</h2>
      <ErrorNotice error={error ?? list.error} />
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.length === 0 ? (
        <p class="hint">{t("noArticles")}</p>
      ) : (
        <table class="data-table faq-table" aria-label={t("faq")}>
          <thead>
            <tr>
              <th>{t("titleEn")}</th>
              <th>{t("category")}</th>
              <th>{t("published")}</th>
              <th>{t("helpful")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.title.en}
                  <br />
                  <span class="hint">{a.title.zh}</span>
                </td>
                <td>{t(`cat_${a.category}`)}</td>
                <td>{a.published ? t("yes") : t("no")}</td>
                <td>
                  {a.helpful.yes} / {a.helpful.yes + a.helpful.no}
                </td>
                <td class="row">
                  {a.published && (
                    <a href={`/faq/${encodeURIComponent(a.slug)}`} target="_blank" rel="noopener noreferrer">
                      {t("view")}
                    </a>
                  )}
                  <button type="button" onClick={() => setEditing(a)}>
                    {t("edit")}
                  </button>
                  <button type="button" onClick={() => void remove(a)}>
                    {t("delete")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FaqForm
        key={editing?.id ?? "new"}
        article={editing}
        onDone={async () => {
          setEditing(null);
          await list.reload();
        }}
        onCancel={() => setEditing(null)}
      />
    </section>
  );
}

function FaqForm({ article, onDone, onCancel }: { article: FaqArticle | null; onDone(): Promise<void>; onCancel(): void }) {
  const t = useHelpCentreT();
  const [form, setForm] = useState<FaqInput>(() =>
    article ? { slug: article.slug, category: article.category, title: article.title, body: article.body, published: article.published } : blank,
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<FaqInput>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (article) await updateFaq(article.id, form);
      else await createFaq(form);
      if (!article) setForm(blank);
      await onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack faq-form" onSubmit={submit}>
      <h3>{article ? t("editArticle") : t("newArticle")}</h3>
      <label class="field">
        <span>{t("slug")}</span>
        <input type="text" value={form.slug} required pattern="[a-z0-9]+(-[a-z0-9]+)*" onInput={(e) => set({ slug: e.currentTarget.value })} />
        <span class="hint">{t("slugHint")}</span>
      </label>
      <label class="field">
        <span>{t("category")}</span>
        <select value={form.category} onChange={(e) => set({ category: e.currentTarget.value as FaqInput["category"] })}>
          {faqCategories.map((c) => (
            <option key={c} value={c}>
              {t(`cat_${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t("titleEn")}</span>
        <input type="text" value={form.title.en} required onInput={(e) => set({ title: { ...form.title, en: e.currentTarget.value } })} />
      </label>
      <label class="field">
        <span>{t("titleZh")}</span>
        <input type="text" value={form.title.zh} required onInput={(e) => set({ title: { ...form.title, zh: e.currentTarget.value } })} />
      </label>
      <label class="field">
        <span>{t("bodyEn")}</span>
        <textarea rows={10} value={form.body.en} onInput={(e) => set({ body: { ...form.body, en: e.currentTarget.value } })} />
      </label>
      <label class="field">
        <span>{t("bodyZh")}</span>
        <textarea rows={10} value={form.body.zh} onInput={(e) => set({ body: { ...form.body, zh: e.currentTarget.value } })} />
      </label>
      <p class="hint">{t("markdownHint")}</p>
      <label>
        <input type="checkbox" checked={form.published} onChange={(e) => set({ published: e.currentTarget.checked })} /> {t("published")}
      </label>
      <ErrorNotice error={error} />
      <div class="row">
        <button class="primary" type="submit" disabled={busy}>
          {t("save")}
        </button>
        {article && (
          <button type="button" onClick={onCancel}>
            {t("cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
