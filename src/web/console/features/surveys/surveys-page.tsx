// What customers said after their requests were solved: the average, the spread, and each comment.
import { useState } from "preact/hooks";
import { defineMessages, messagesFor } from "../../../../common/i18n/define-messages.ts";
import { useMailboxes } from "../../lib/directory.ts";
import { useLanguage } from "../../lib/i18n.ts";
import { buildHash } from "../../lib/router.ts";
import { useSession } from "../../lib/session.ts";
import type { Agent } from "../../lib/types.ts";
import { useResource } from "../../lib/use-resource.ts";
import { ErrorNotice, Loading } from "../../ui/notice.tsx";
import { Time } from "../../ui/time.tsx";
import { listSurveys, type SurveyRow } from "./surveys.api.ts";

const messages = defineMessages({
  title: "Satisfaction",
  average: "Average {average} of 5 from {count} answers",
  none: "No survey answers yet.",
  mailbox: "Mailbox",
  allMailboxes: "All mailboxes",
  when: "When",
  ticket: "Ticket",
  rating: "Rating",
  comment: "Comment",
  more: "Load more",
  notAllowed: "Survey results are for supervisors and admins.",
  stars: "{n} of 5",
}, {
  title: "满意度",
  average: "平均 {average} 分（满分 5 分），共 {count} 份评价",
  none: "暂无评价。",
  mailbox: "邮箱",
  allMailboxes: "全部邮箱",
  when: "时间",
  ticket: "工单",
  rating: "评分",
  comment: "意见",
  more: "加载更多",
  notAllowed: "只有主管和管理员可以查看评价结果。",
  stars: "{n} 分（满分 5 分）",
});

export const canSeeSurveys = (a: Agent) => a.role === "admin" || a.role === "supervisor";

export function SurveysPage() {
  const t = messagesFor(messages, useLanguage());
  const { agent } = useSession();
  const mailboxes = useMailboxes() ?? [];
  const [mailbox, setMailbox] = useState("");
  const first = useResource(() => listSurveys({ mailbox }), [mailbox]);
  const [more, setMore] = useState<SurveyRow[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  if (!canSeeSurveys(agent)) return <main class="page"><p>{t("notAllowed")}</p></main>;
  const next = cursor === undefined ? first.data?.nextCursor : cursor;

  const loadMore = async () => {
    if (!next) return;
    try {
      const r = await listSurveys({ mailbox, cursor: next });
      setMore([...more, ...r.surveys]);
      setCursor(r.nextCursor);
    } catch (err) {
      setError(err);
    }
  };
  const choose = (value: string) => {
    setMore([]);
    setCursor(undefined);
    setMailbox(value);
  };

  const data = first.data;
  const rows = data ? [...data.surveys, ...more] : [];
  return (
    <main class="page" aria-labelledby="surveys-title">
      <h1 id="surveys-title">{t("title")}</h1>
      <label>
        {t("mailbox")}{" "}
        <select value={mailbox} onChange={(e) => choose(e.currentTarget.value)}>
          <option value="">{t("allMailboxes")}</option>
          {mailboxes.map((m) => <option key={m.id} value={m.id}>{m.name} &lt;{m.address}&gt;</option>)}
        </select>
      </label>
      {!data ? (first.error ? <ErrorNotice error={first.error} /> : <Loading />) : (
        <>
          <p role="status">
            {data.summary.count === 0 ? t("none") : t("average", { average: data.summary.average ?? "–", count: data.summary.count })}
          </p>
          {data.summary.count > 0 && (
            <p class="survey-distribution">
              {(["5", "4", "3", "2", "1"] as const).map((k) => <span key={k}>{t("stars", { n: k })}: {data.summary.distribution[k]} </span>)}
            </p>
          )}
          {rows.length > 0 && (
            <table class="data-table" aria-label={t("title")}>
              <thead>
                <tr><th>{t("when")}</th><th>{t("ticket")}</th><th>{t("rating")}</th><th>{t("comment")}</th></tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.ticketId}>
                    <td><Time iso={r.updatedAt} /></td>
                    <td><a href={buildHash(["tickets", r.ticketNumber])}>{r.ticketNumber}</a> {r.subject}</td>
                    <td>{t("stars", { n: r.rating })}</td>
                    <td class="detail">{r.comment}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <ErrorNotice error={error} />
          {next && <p class="load-more"><button type="button" onClick={loadMore}>{t("more")}</button></p>}
        </>
      )}
    </main>
  );
}
