// How mail intake and delivery stand: what needs a human first, then IMAP accounts, queues and alerts.
import type { MessageKey, Translate } from "../../../../common/i18n/index.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { canResolveAlerts, useSession } from "../../lib/session.ts";
import type { MailStatus } from "../../lib/types.ts";
import { useResource } from "../../lib/use-resource.ts";
import { useAction } from "../../lib/use-submit.ts";
import { ErrorNotice, Loading, Notice } from "../../ui/notice.tsx";
import { Time } from "../../ui/time.tsx";
import { getMailStatus, resolveAlert } from "./admin.api.ts";
import { DeadLetters } from "./dead-letters.tsx";

const stateLabel: Record<MailStatus["imap"][number]["state"], MessageKey> = {
  active: "mailStatus.state.active",
  backoff: "mailStatus.state.backoff",
  disabled: "mailStatus.state.disabled",
  "not yet polled": "mailStatus.state.notYetPolled",
};

/** The server's `problems`, in the reader's language (built from the same fields). */
function issuesOf(s: MailStatus, t: Translate, since: (iso: string) => string): string[] {
  const issues: string[] = [];
  for (const a of s.imap) {
    if (a.state === "disabled") issues.push(t("mailStatus.imapDisabled", { name: a.name, error: a.lastError ?? "" }));
    if (a.state === "backoff") issues.push(t("mailStatus.imapBackoff", { name: a.name, error: a.lastError ?? "" }));
  }
  if (s.intake.dead) issues.push(t("mailStatus.dead", { n: s.intake.dead }));
  if (s.intake.orphaned.length) issues.push(t("mailStatus.orphaned", { n: s.intake.orphaned.length, ids: s.intake.orphaned.slice(0, 5).join(", ") }));
  if (s.worker.stalled && s.worker.oldestDueAt) {
    issues.push(t("mailStatus.stalled", { n: s.intake.pending, since: since(s.worker.oldestDueAt) }));
  }
  const leftInFolder = s.alerts.filter((a) => a.kind === "intake.too_large" && !a.resolvedAt).reduce((n, a) => n + a.count, 0);
  if (leftInFolder) issues.push(t("mailStatus.tooLarge", { n: leftInFolder }));
  const scanner = s.alerts.find((a) => a.kind === "virus_scan.unavailable" && !a.resolvedAt);
  if (scanner) issues.push(t("mailStatus.scannerDown", { error: scanner.message }));
  const unreadable = s.alerts.filter((a) => a.kind === "imap.unreadable" && !a.resolvedAt).reduce((n, a) => n + a.count, 0);
  if (unreadable) issues.push(t("mailStatus.unreadable", { n: unreadable }));
  const relay = s.alerts.find((a) => a.kind === "relay.refused" && !a.resolvedAt);
  if (relay) issues.push(t("mailStatus.relayRefused", { error: relay.message }));
  if (s.outbound.retrying) issues.push(t("mailStatus.retrying", { n: s.outbound.retrying }));
  if (s.outbound.failed) issues.push(t("mailStatus.failed", { n: s.outbound.failed }));
  return issues;
}

const outcomes = ["processed", "dropped", "diverted", "dead", "pending", "held"] as const;
const outcomeLabel = (t: Translate, status: string) =>
  (outcomes as readonly string[]).includes(status) ? t(`mailStatus.outcome.${status as (typeof outcomes)[number]}`) : status;

function Facts({ rows }: { rows: [string, string | number][] }) {
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function MailStatusPanel() {
  const t = useT();
  const lang = useLanguage();
  const { agent } = useSession();
  const status = useResource(() => getMailStatus(), []);
  const resolve = useAction(async (key: string) => {
    const next = await resolveAlert(key);
    status.setData(() => next);
  });
  if (!status.data) return status.error ? <ErrorNotice error={status.error} /> : <Loading />;
  const s = status.data;
  const issues = issuesOf(s, t, (iso) => formatDateTime(iso, lang));
  const day = Object.entries(s.intake.last24h).map(([k, v]) => `${outcomeLabel(t, k)} ${v}`).join(" · ") || "0";
  return (
    <section aria-labelledby="mail-status-title" class="mail-status">
      <h2 id="mail-status-title">{t("admin.mail")}</h2>
      {issues.length ? (
        <Notice kind="warning">
          <p>{t("mailStatus.needsAttention")}</p>
          <ul class="issues">
            {issues.map((issue) => (
              <li key={issue}>{issue}</li>
            ))}
          </ul>
        </Notice>
      ) : (
        <Notice kind="success">{t("mailStatus.allWell")}</Notice>
      )}

      <h3>{t("mailStatus.imap")}</h3>
      {s.imap.length === 0 ? (
        <p>{t("mailStatus.noImap")}</p>
      ) : (
        <table class="data-table" aria-label={t("mailStatus.imap")}>
          <thead>
            <tr>
              <th>{t("mailStatus.account")}</th>
              <th>{t("mailStatus.mailbox")}</th>
              <th>{t("mailStatus.state")}</th>
              <th>{t("mailStatus.lastActivity")}</th>
              <th>{t("mailStatus.lastError")}</th>
            </tr>
          </thead>
          <tbody>
            {s.imap.map((a) => (
              <tr key={a.name} data-state={a.state}>
                <td>{a.name}</td>
                <td class="mono">{`${a.user}@${a.host}/${a.folder}`}</td>
                <td>{t(stateLabel[a.state])}</td>
                <td>
                  <Time iso={a.updatedAt} />
                </td>
                <td class="detail">{a.lastError ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {t("mailStatus.smtp", { port: s.smtp.port })}
        {s.smtp.starttls ? ` · ${t("mailStatus.starttls")}` : ""}
      </p>
      <p>{s.virusScan.clamd ? t("mailStatus.virusScanOn", { clamd: s.virusScan.clamd }) : t("mailStatus.virusScanOff")}</p>

      <h3>{t("mailStatus.intake")}</h3>
      <Facts rows={[
        [t("mailStatus.pending"), s.intake.pending],
        [t("mailStatus.held"), s.intake.held],
        [t("mailStatus.deadLetters"), s.intake.dead],
        [t("mailStatus.last24h"), day],
      ]} />

      {/* Keyed by the count: a new or replayed dead letter reloads the list. */}
      {s.intake.dead > 0 && <DeadLetters key={s.intake.dead} onReplayed={() => void status.reload()} />}

      <h3>{t("mailStatus.outbound")}</h3>
      <Facts rows={[
        [t("mailStatus.mode"), t(s.outbound.mode === "relay" ? "mailStatus.mode.relay" : "mailStatus.mode.outbox")],
        [t("mailStatus.queued"), s.outbound.queued],
        [t("mailStatus.retryingCount"), s.outbound.retrying],
        [t("mailStatus.failedCount"), s.outbound.failed],
        [t("mailStatus.bounced"), s.outbound.bounced],
        [t("mailStatus.outboxed"), s.outbound.outboxed],
      ]} />

      <h3>{t("mailStatus.alerts")}</h3>
      {s.alerts.length === 0 ? (
        <p>{t("mailStatus.noAlerts")}</p>
      ) : (
        <table class="data-table" aria-label={t("mailStatus.alerts")}>
          <thead>
            <tr>
              <th>{t("audit.when")}</th>
              <th>{t("audit.detail")}</th>
              <th>{t("mailStatus.times")}</th>
              <th>{t("mailStatus.state")}</th>
            </tr>
          </thead>
          <tbody>
            {s.alerts.map((a) => (
              <tr key={a.key}>
                <td>
                  <Time iso={a.lastAt} />
                </td>
                <td class="detail">{a.message}</td>
                <td>{a.count}</td>
                <td>
                  {a.resolvedAt ? t("mailStatus.resolved") : t("mailStatus.open")}
                  {!a.resolvedAt && canResolveAlerts(agent) && (
                    <>
                      {" "}
                      <button type="button" disabled={resolve.busy} onClick={() => resolve.run(a.key)}>
                        {t("mailStatus.markResolved")}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNotice error={resolve.error} />
    </section>
  );
}
