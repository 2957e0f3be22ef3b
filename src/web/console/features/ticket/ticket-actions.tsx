// Assignment, status, priority, category and tags, each saved as soon as it changes.
import { useState } from "preact/hooks";
import { useAgents, useMailboxes } from "../../lib/directory.ts";
import { useT } from "../../lib/i18n.ts";
import { categories, priorities, statuses, type Category, type Priority, type Status, type TicketSummary } from "../../lib/types.ts";
import { useAction } from "../../lib/use-submit.ts";
import { EnumSelect } from "../../ui/enum-select.tsx";
import { ErrorNotice } from "../../ui/notice.tsx";
import { SelectField } from "../../ui/select-field.tsx";
import type { TicketPatch } from "./ticket.api.ts";

type Props = { ticket: TicketSummary; meId: string; readOnly: boolean; onPatch(patch: TicketPatch): Promise<void>; onMerge(): void };

export function TicketActions({ ticket, meId, readOnly, onPatch, onMerge }: Props) {
  const t = useT();
  const agents = useAgents();
  const mailboxes = useMailboxes();
  const [tag, setTag] = useState("");
  const { busy, error, run: apply } = useAction(onPatch);

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
          <SelectField
            label={t("ticket.assignee")}
            options={[
              ...(assigneeKnown ? [] : [{ value: ticket.assigneeId!, label: ticket.assigneeName ?? ticket.assigneeId! }]),
              ...agents.filter((a) => !a.disabled || a.id === ticket.assigneeId).map((a) => ({ value: a.id, label: a.name })),
            ]}
            empty={t("ticket.unassigned")}
            value={ticket.assigneeId ?? ""}
            onChange={(v) => void apply({ assigneeId: v || null })}
          />
          {ticket.assigneeId !== meId && (
            <button type="button" onClick={() => void apply({ assigneeId: meId })} aria-keyshortcuts="a">
              {t("ticket.assignToMe")}
            </button>
          )}
          {mailboxes.length > 1 && (
            // Mailboxes are the groups: handing a ticket to another one changes which team sees it.
            <SelectField label={t("ticket.mailbox")} options={mailboxes.map((m) => ({ value: m.id, label: m.name }))} value={ticket.mailboxId} onChange={(v) => void apply({ mailboxId: v })} />
          )}
        </div>
        <div class="action-row">
          <EnumSelect label={t("ticket.status")} prefix="status" values={statuses} value={ticket.status} onChange={(v) => void apply({ status: v as Status })} />
          <EnumSelect label={t("ticket.priority")} prefix="priority" values={priorities} value={ticket.priority} onChange={(v) => void apply({ priority: v as Priority })} />
        </div>
        <div class="action-row">
          <EnumSelect
            label={t("ticket.category")}
            prefix="category"
            values={categories}
            empty="—"
            value={ticket.category ?? ""}
            onChange={(v) => void apply({ category: (v || null) as Category | null })}
          />
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
