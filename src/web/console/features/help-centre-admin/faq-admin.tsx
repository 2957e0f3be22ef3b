// FAQ articles: Markdown in both languages; the server sanitises what the help centre shows.
import { useState } from "preact/hooks";
import { SelectField } from "../../ui/select-field.tsx";
import { createFaq, deleteFaq, faqCategories, listFaq, updateFaq, type FaqArticle, type FaqInput } from "./help-centre.api.ts";
import { useHelpCentreT } from "./help-centre.messages.ts";
import { FormFooter, useRecordForm } from "./record-form.tsx";
import { RecordTable, RowActions, useRecordList } from "./record-list.tsx";

const blank: FaqInput = { slug: "", category: "general", title: { en: "", zh: "" }, body: { en: "", zh: "" }, published: false };

export function FaqAdmin() {
  const t = useHelpCentreT();
  const [editing, setEditing] = useState<FaqArticle | null>(null);
  const remove = async (a: FaqArticle) => {
    await deleteFaq(a.id);
    if (editing?.id === a.id) setEditing(null);
  };
  const records = useRecordList(listFaq, remove, (a) => a.title.en || a.slug);

  return (
    <section aria-labelledby="faq-title">
      <h2 id="faq-title">{t("faq")}</h2>
      <RecordTable
        list={records.list}
        error={records.error}
        empty={t("noArticles")}
        label={t("faq")}
        class="faq-table"
        headings={[t("titleEn"), t("category"), t("published"), t("helpful")]}
      >
        {(articles) =>
          articles.map((a) => (
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
              <RowActions onEdit={() => setEditing(a)} onDelete={() => records.remove(a)}>
                {a.published && (
                  <a href={`/faq/${encodeURIComponent(a.slug)}`} target="_blank" rel="noopener noreferrer">
                    {t("view")}
                  </a>
                )}
              </RowActions>
            </tr>
          ))
        }
      </RecordTable>
      <FaqForm
        key={editing?.id ?? "new"}
        article={editing}
        onDone={async () => {
          setEditing(null);
          await records.list.reload();
        }}
        onCancel={() => setEditing(null)}
      />
    </section>
  );
}

function FaqForm({ article, onDone, onCancel }: { article: FaqArticle | null; onDone(): Promise<void>; onCancel(): void }) {
  const t = useHelpCentreT();
  const { form, set, busy, error, onSubmit } = useRecordForm(article, toInput, blank, { create: createFaq, update: updateFaq }, onDone);

  return (
    <form class="stack faq-form" onSubmit={onSubmit}>
      <h3>{article ? t("editArticle") : t("newArticle")}</h3>
      <label class="field">
        <span>{t("slug")}</span>
        <input type="text" value={form.slug} required pattern="[a-z0-9]+(-[a-z0-9]+)*" onInput={(e) => set({ slug: e.currentTarget.value })} />
        <span class="hint">{t("slugHint")}</span>
      </label>
      <SelectField
        class="field"
        label={t("category")}
        options={faqCategories.map((c) => ({ value: c, label: t(`cat_${c}`) }))}
        value={form.category}
        onChange={(category) => set({ category: category as FaqInput["category"] })}
      />
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
      <FormFooter busy={busy} error={error} onCancel={article ? onCancel : undefined} />
    </form>
  );
}

function toInput(a: FaqArticle): FaqInput {
  return { slug: a.slug, category: a.category, title: a.title, body: a.body, published: a.published };
}
