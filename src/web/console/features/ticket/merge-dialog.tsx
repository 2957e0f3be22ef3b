// Merge this ticket into another of the same customer; the other one survives.
import { useState } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";
import type { TicketSummary } from "../../lib/types.ts";
import { useResource } from "../../lib/use-resource.ts";
import { useAction } from "../../lib/use-submit.ts";
import { Dialog } from "../../ui/dialog.tsx";
import { ErrorNotice, Loading } from "../../ui/notice.tsx";
import { customerTickets, mergeTicket } from "./ticket.api.ts";

export function MergeDialog({ ticket, onClose, onMerged }: { ticket: TicketSummary; onClose(): void; onMerged(survivor: TicketSummary): void }) {
  const t = useT();
  const candidates = useResource(async () => (ticket.customerId ? (await customerTickets(ticket.customerId)).filter((x) => x.id !== ticket.id) : []), [ticket.id]);
  const [into, setInto] = useState("");
  const { busy, error, run } = useAction(async () => onMerged(await mergeTicket(ticket.number, into.trim())));

  const submit = (e: Event) => {
    e.preventDefault();
    if (into.trim()) void run();
  };

  return (
    <Dialog title={t("merge.title", { number: ticket.number })} onClose={onClose}>
      <form class="stack" onSubmit={submit}>
        <p>{t("merge.intro")}</p>
        {candidates.loading && !candidates.data && <Loading />}
        {candidates.data && candidates.data.length > 0 && (
          <fieldset class="merge-list">
            <legend>{t("merge.candidates")}</legend>
            {candidates.data.map((c) => (
              <label key={c.id} class="radio">
                <input type="radio" name="merge-into" value={c.number} checked={into === c.number} onChange={() => setInto(c.number)} />
                <span>
                  {c.number} — {c.subject}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {candidates.data && candidates.data.length === 0 && <p class="hint">{t("merge.none")}</p>}
        <label class="field">
          <span>{t("merge.into")}</span>
          <input type="text" placeholder="PD-100001" value={into} onInput={(e) => setInto(e.currentTarget.value)} />
        </label>
        <ErrorNotice error={error} />
        <div class="row">
          <button class="primary" type="submit" disabled={busy || !into.trim()}>
            {t("merge.submit")}
          </button>
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
