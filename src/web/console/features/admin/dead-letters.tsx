// Messages that failed processing for good: who sent them, why they failed, and a replay after a fix.
import { useT } from "../../lib/i18n.ts";
import { canResolveAlerts, useSession } from "../../lib/session.ts";
import { useResource } from "../../lib/use-resource.ts";
import { useAction } from "../../lib/use-submit.ts";
import { ErrorNotice, Loading } from "../../ui/notice.tsx";
import { Time } from "../../ui/time.tsx";
import { listDeadLetters, replayDeadLetter } from "./admin.api.ts";

export function DeadLetters({ onReplayed }: { onReplayed(): void }) {
  const t = useT();
  const { agent } = useSession();
  const list = useResource(() => listDeadLetters(), []);
  // Refreshed whether or not the replay worked: someone else may have replayed it first.
  const replay = useAction(async (id: string) => {
    try {
      await replayDeadLetter(id);
    } finally {
      await list.reload();
      onReplayed();
    }
  });
  if (!list.data) return list.error ? <ErrorNotice error={list.error} /> : <Loading />;
  if (list.data.length === 0) return <ErrorNotice error={list.error ?? replay.error} />;
  return (
    <>
      <table class="data-table" aria-label={t("mailStatus.deadLetters")}>
        <thead>
          <tr>
            <th>{t("mailStatus.received")}</th>
            <th>{t("mailStatus.from")}</th>
            <th>{t("mailStatus.reason")}</th>
            <th>{t("mailStatus.attempts")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.data.map((d) => (
            <tr key={d.id}>
              <td>
                <Time iso={d.receivedAt} />
              </td>
              <td class="mono">{d.from ?? ""}</td>
              <td class="detail">{d.reason ?? ""}</td>
              <td>{d.attempts}</td>
              <td>
                {canResolveAlerts(agent) && (
                  <button type="button" disabled={replay.busy} onClick={() => replay.run(d.id)}>
                    {t("mailStatus.replay")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={replay.error ?? list.error} />
    </>
  );
}
