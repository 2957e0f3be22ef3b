// Canned responses the team inserts into replies; variables are filled in by the composer.
import { useState } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";
import { useResource } from "../../lib/use-resource.ts";
import { useSubmit } from "../../lib/use-submit.ts";
import { ErrorNotice, Loading } from "../../ui/notice.tsx";
import { createCanned, listCanned } from "./admin.api.ts";

export function CannedAdmin() {
  const t = useT();
  const list = useResource(listCanned, []);
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const { busy, error, onSubmit } = useSubmit(async () => {
    await createCanned(title.trim(), body);
    setTitle("");
    setBody("");
    await list.reload();
  });

  return (
    <section aria-labelledby="canned-title">
      <h2 id="canned-title">{t("admin.canned")}</h2>
      {!list.data ? (
        list.error ? <ErrorNotice error={list.error} /> : <Loading />
      ) : list.data.length === 0 ? (
        <p class="hint">{t("admin.noCanned")}</p>
      ) : (
        <ul class="canned-list">
          {list.data.map((c) => (
            <li key={c.id}>
              <strong>{c.title}</strong>
              <pre>{c.body}</pre>
            </li>
          ))}
        </ul>
      )}
      <form class="stack narrow" onSubmit={onSubmit}>
        <h3>{t("admin.newCanned")}</h3>
        <label class="field">
          <span>{t("admin.cannedTitle")}</span>
          <input type="text" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t("admin.cannedBody")}</span>
          <textarea rows={5} required value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        </label>
        <p class="hint">{t("admin.cannedVariables")}</p>
        <ErrorNotice error={error} />
        <button class="primary" type="submit" disabled={busy}>
          {t("admin.saveCanned")}
        </button>
      </form>
    </section>
  );
}
