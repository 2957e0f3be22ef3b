// Actions on every selected ticket at once.
import { useState } from "preact/hooks";
import { useAgents } from "../../lib/directory.ts";
import { useT } from "../../lib/i18n.ts";
import { priorities, statuses, type Priority, type Status } from "../../lib/types.ts";
import { ErrorNotice } from "../../ui/notice.tsx";
import { updateTickets, type BulkPatch } from "./inbox.api.ts";

export function BulkBar({ ids, meId, onDone, onClear }: { ids: string[]; meId: string; onDone(updated: number): void; onClear(): void }) {
  const t = useT();
  const agents = useAgents();
  const [status, setStatus] = useState("");
  const [priority, setPriority] = useState("");
  const [assignee, setAssignee] = useState("");
  const [tag, setTag] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const patch: BulkPatch = {};
  if (status) patch.status = status as Status;
  if (priority) patch.priority = priority as Priority;
  if (assignee) patch.assigneeId = assignee === "none" ? null : assignee === "me" ? meId : assignee;
  const tags = tag.split(/[,\s]+/).filter(Boolean);
  if (tags.length) patch.addTags = tags;
  const empty = Object.keys(patch).length === 0;

  const apply = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await updateTickets(ids, patch);
      setStatus("");
      setPriority("");
      setAssignee("");
      setTag("");
      onDone(r.updated);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="bulk-bar" aria-label={t("bulk.title")} onSubmit={apply}>
      <strong>{t("bulk.selected", { n: ids.length })}</strong>
      <label>
        <span>{t("bulk.setStatus")}</span>
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">—</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t("bulk.setPriority")}</span>
        <select value={priority} onChange={(e) => setPriority(e.currentTarget.value)}>
          <option value="">—</option>
          {priorities.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t("bulk.assign")}</span>
        <select value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)}>
          <option value="">—</option>
          <option value="me">{t("inbox.assigneeMe")}</option>
          <option value="none">{t("inbox.assigneeNone")}</option>
          {agents
            .filter((a) => !a.disabled)
            .map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        <span>{t("bulk.addTags")}</span>
        <input type="text" size={10} value={tag} onInput={(e) => setTag(e.currentTarget.value)} />
      </label>
      <button class="primary" type="submit" disabled={busy || empty}>
        {t("bulk.apply")}
      </button>
      <button type="button" onClick={onClear}>
        {t("bulk.clear")}
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}
