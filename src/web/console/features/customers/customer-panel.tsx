// Who the customer is: every address we know, their previous tickets, and the team's notes.
import { useEffect, useState } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";
import { buildHash } from "../../lib/router.ts";
import { canWrite, useSession } from "../../lib/session.ts";
import { useLive } from "../../lib/use-live.ts";
import { useResource } from "../../lib/use-resource.ts";
import { StatusBadge } from "../../ui/badges.tsx";
import { ErrorNotice, Loading, Notice } from "../../ui/notice.tsx";
import { Time } from "../../ui/time.tsx";
import { loadCustomer, notesText, saveNotes } from "./customers.api.ts";

export function CustomerPanel({ customerId, currentTicketId }: { customerId: string; currentTicketId?: string }) {
  const t = useT();
  const { agent } = useSession();
  const record = useResource(() => loadCustomer(customerId), [customerId]);
  const [notes, setNotes] = useState("");
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const r = record.data;

  useEffect(() => {
    if (r && !dirty) setNotes(notesText(r));
  }, [r]);
  useLive((e) => {
    if (e.type === "ticket.created" || e.type === "reconnected" || r?.tickets.some((x) => x.id === e.ticketId)) void record.reload();
  });

  if (!r) return <section class="customer-panel">{record.error ? <ErrorNotice error={record.error} /> : <Loading />}</section>;
  const others = r.tickets.filter((x) => x.id !== currentTicketId);

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await saveNotes(customerId, notes);
      setDirty(false);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="customer-panel" aria-labelledby="customer-title">
      <h2 id="customer-title">{r.customer.name || r.addresses[0]?.address || t("customer.unknown")}</h2>
      <h3>{t("customer.addresses")}</h3>
      <ul class="addresses" aria-label={t("customer.addresses")}>
        {r.addresses.map((a) => (
          <li key={a.address}>
            <span class="mono">{a.address}</span>
            {a.kind && <span class="hint"> · {a.kind}</span>}
          </li>
        ))}
      </ul>
      <h3>{t("customer.tickets")}</h3>
      {others.length === 0 ? (
        <p class="hint">{t("customer.noOtherTickets")}</p>
      ) : (
        <ul class="customer-tickets" aria-label={t("customer.tickets")}>
          {others.map((x) => (
            <li key={x.id}>
              <a href={buildHash(["tickets", x.number])}>
                {x.number} {x.subject}
              </a>{" "}
              <StatusBadge status={x.status} /> <Time iso={x.updatedAt} />
            </li>
          ))}
        </ul>
      )}
      <form class="stack" onSubmit={save}>
        <label class="field">
          <span>{t("customer.notes")}</span>
          <textarea
            rows={4}
            readOnly={!canWrite(agent)}
            value={notes}
            onInput={(e) => {
              setNotes(e.currentTarget.value);
              setDirty(true);
              setSaved(false);
            }}
          />
        </label>
        {canWrite(agent) && (
          <button type="submit" disabled={!dirty}>
            {t("customer.saveNotes")}
          </button>
        )}
        {saved && <Notice kind="success">{t("customer.notesSaved")}</Notice>}
        <ErrorNotice error={error} />
      </form>
    </section>
  );
}
