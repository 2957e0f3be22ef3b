// Assignment, status, priority, category and tags, each saved as soon as it changes.
import { useState } from "preact/hooks";
import { useAgents, useMailboxes } from "../../lib/directory.ts";
import { useT } from "../../lib/i18n.ts";
import { categories, priorities, statuses, type Category, type Priority, type Status, type TicketSummary } from "../../lib/types.ts";
import { ErrorNotice } from "../../ui/notice.tsx";
import type { TicketPatch } from "./ticket.api.ts";

type Props = { ticket: TicketSummary; meId: string; readOnly: boolean; onPatch(patch: TicketPatch): Promise<void>; onMerge(): void };

export function TicketActions({ ticket, meId, readOnly, onPatch, onMerge }: Props) {
  const t = useT();
  const agents = useAgents();
  const mailboxes = useMailboxes();
  const [tag, setTag] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const apply = async (patch: TicketPatch) => {
    setBusy(true);
    setError(null);
    try {
      await onPatch(patch);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const addTag = () => {
    const next = tag.trim().toLowerCase();
    setTag("");
    if (next && !ticket.tags.includes(next)) void apply({ tags: [...ticket.tags, next] });
  };
  const assigneeKnown = !ticket.assigneeId || agents.some((a) => a.id === ticket.assigneeId);

  return (
    <section class="ticket-actions" aria-label={t("ticket.actions")}>
      <fieldset disabled={readOnly || busy}>
        <div class="action-row">
          <label>
            <span>{t("ticket.assignee")}</span>
            <select value={ticket.assigneeId ?? ""} onChange={(e) => void apply({ assigneeId: e.currentTarget.value || null })}>
              <option value="">{t("ticket.unassigned")}</option>
              {!assigneeKnown && <option value={ticket.assigneeId!}>{ticket.assigneeName ?? ticket.assigneeId}</option>}
              {agents
                .filter((a) => !a.disabled || a.id === ticket.assigneeId)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
            </select>
          </label>
          {ticket.assigneeId !== meId && (
            <button type="button" onClick={() => void apply({ assigneeId: meId })} aria-keyshortcuts="a">
              {t("ticket.assignToMe")}
            </button>
          )}
          {mailboxes.length > 1 && (
            // Mailboxes are the groups: handing a ticket to another one changes which team sees it.
            <label>
              <span>{t("ticket.mailbox")}</span>
              <select value={ticket.mailboxId} onChange={(e) => void apply({ mailboxId: e.currentTarget.value })}>
                {mailboxes.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <div class="action-row">
          <label>
            <span>{t("ticket.status")}</span>
            <select value={ticket.status} onChange={(e) => void apply({ status: e.currentTarget.value as Status })}>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t("ticket.priority")}</span>
            <select value={ticket.priority} onChange={(e) => void apply({ priority: e.currentTarget.value as Priority })}>
              {priorities.map((p) => (
                <option key={p} value={p}>
                  {t(`priority.${p}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div class="action-row">
          <label>
            <span>{t("ticket.category")}</span>
            <select value={ticket.category ?? ""} onChange={(e) => void apply({ category: (e.currentTarget.value || null) as Category | null })}>
              <option value="">—</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div class="action-row tags-row">
          <span class="label">{t("ticket.tags")}</span>
          <ul class="tags" aria-label={t("ticket.tags")}>
            {ticket.tags.map((x) => (
              <li key={x} class="tag">
                {x}{" "}
                <button type="button" class="icon-button" aria-label={t("ticket.removeTag", { tag: x })} onClick={() => void apply({ tags: ticket.tags.filter((y) => y !== x) })}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          <input
            type="text"
            size={10}
            aria-label={t("ticket.addTag")}
            placeholder={t("ticket.addTag")}
            value={tag}
            onInput={(e) => setTag(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                addTag();
              }
            }}
          />
        </div>
        <div class="action-row">
          <button type="button" onClick={onMerge}>
            {t("merge.open")}
          </button>
        </div>
      </fieldset>
      <ErrorNotice error={error} />
    </section>
  );
}
