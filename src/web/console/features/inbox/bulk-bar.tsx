// Actions on every selected ticket at once.
import { useState } from "preact/hooks";
import { useAgents } from "../../lib/directory.ts";
import { useT } from "../../lib/i18n.ts";
import { priorities, statuses, type Priority, type Status } from "../../lib/types.ts";
import { useSubmit } from "../../lib/use-submit.ts";
import { EnumSelect } from "../../ui/enum-select.tsx";
import { ErrorNotice } from "../../ui/notice.tsx";
import { SelectField } from "../../ui/select-field.tsx";
import { updateTickets, type BulkPatch } from "./inbox.api.ts";

export function BulkBar({ ids, meId, onDone, onClear }: { ids: string[]; meId: string; onDone(updated: number): void; onClear(): void }) {
  const t = useT();
  const agents = useAgents();
  const [status, setStatus] = useState("");
  const [priority, setPriority] = useState("");
  const [assignee, setAssignee] = useState("");
  const [tag, setTag] = useState("");

  const patch: BulkPatch = {};
  if (status) patch.status = status as Status;
  if (priority) patch.priority = priority as Priority;
  if (assignee) patch.assigneeId = assignee === "none" ? null : assignee === "me" ? meId : assignee;
  const tags = tag.split(/[,\s]+/).filter(Boolean);
  if (tags.length) patch.addTags = tags;
  const empty = Object.keys(patch).length === 0;

  const { busy, error, onSubmit } = useSubmit(async () => {
    const r = await updateTickets(ids, patch);
    setStatus("");
    setPriority("");
    setAssignee("");
    setTag("");
    onDone(r.updated);
  });

  return (
    <form class="bulk-bar" aria-label={t("bulk.title")} onSubmit={onSubmit}>
      <strong>{t("bulk.selected", { n: ids.length })}</strong>
      <EnumSelect label={t("bulk.setStatus")} prefix="status" values={statuses} empty="—" value={status} onChange={setStatus} />
      <EnumSelect label={t("bulk.setPriority")} prefix="priority" values={priorities} empty="—" value={priority} onChange={setPriority} />
      <SelectField
        label={t("bulk.assign")}
        options={[
          { value: "me", label: t("inbox.assigneeMe") },
          { value: "none", label: t("inbox.assigneeNone") },
          ...agents.filter((a) => !a.disabled).map((a) => ({ value: a.id, label: a.name })),
        ]}
        empty="—"
        value={assignee}
        onChange={setAssignee}
      />
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
