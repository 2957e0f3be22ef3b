// The audit log: sign-ins, failures, role and settings changes, reveals; newest first, paged by cursor.
import { useState } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";
import type { AuditEntry } from "../../lib/types.ts";
import { useResource } from "../../lib/use-resource.ts";
import { ErrorNotice, Loading } from "../../ui/notice.tsx";
import { Time } from "../../ui/time.tsx";
import { listAudit } from "./admin.api.ts";

const detailText = (d: unknown) => (d === null || d === undefined ? "" : typeof d === "string" ? d : JSON.stringify(d));

export function AuditLog() {
  const t = useT();
  const first = useResource(() => listAudit(), []);
  const [more, setMore] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const next = cursor === undefined ? first.data?.nextCursor : cursor;

  const loadMore = async () => {
    if (!next) return;
    try {
      const r = await listAudit(next);
      setMore([...more, ...r.entries]);
      setCursor(r.nextCursor);
    } catch (err) {
      setError(err);
    }
  };

  if (!first.data) return first.error ? <ErrorNotice error={first.error} /> : <Loading />;
  const entries = [...first.data.entries, ...more];
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t("admin.audit")}</h2>
      <table class="data-table" aria-label={t("admin.audit")}>
        <thead>
          <tr>
            <th>{t("audit.when")}</th>
            <th>{t("audit.who")}</th>
            <th>{t("audit.action")}</th>
            <th>{t("audit.target")}</th>
            <th>{t("audit.ip")}</th>
            <th>{t("audit.detail")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>
                <Time iso={e.at ?? e.createdAt} />
              </td>
              <td>{e.actorName ?? e.actorEmail ?? e.actorId ?? t("event.system")}</td>
              <td class="mono">{e.action}</td>
              <td class="mono">{e.target ?? ""}</td>
              <td class="mono">{e.ip ?? ""}</td>
              <td class="detail">{detailText(e.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={error} />
      {next && (
        <p class="load-more">
          <button type="button" onClick={loadMore}>
            {t("inbox.loadMore")}
          </button>
        </p>
      )}
    </section>
  );
}
