// The official-channel registry: what customers see on Contact us and what the checker calls official.
import { useState } from "preact/hooks";
import { SelectField } from "../../ui/select-field.tsx";
import { channelKinds, createChannel, deleteChannel, listChannels, updateChannel, type ChannelInput, type OfficialChannel } from "./help-centre.api.ts";
import { useHelpCentreT } from "./help-centre.messages.ts";
import { FormFooter, useRecordForm } from "./record-form.tsx";
import { RecordTable, RowActions, useRecordList } from "./record-list.tsx";

const blank: ChannelInput = {
  kind: "email", purpose: "general", value: "", label: { en: "", zh: "" }, hours: { en: "", zh: "" },
  responseTime: { en: "", zh: "" }, sortOrder: 0, published: true,
};

export function ChannelsAdmin() {
  const t = useHelpCentreT();
  const [editing, setEditing] = useState<OfficialChannel | null>(null);
  const { list, error, remove } = useRecordList(listChannels, (c) => deleteChannel(c.id), (c) => c.label.en || c.value);

  return (
    <section aria-labelledby="channels-title">
      <h2 id="channels-title">{t("channels")}</h2>
      <p class="hint">{t("channelsIntro")}</p>
      <RecordTable
        list={list}
        error={error}
        empty={t("noChannels")}
        label={t("channels")}
        class="channels-table"
        headings={[t("kind"), t("value"), t("labelEn"), t("purpose"), t("published")]}
      >
        {(channels) =>
          channels.map((c) => (
            <tr key={c.id}>
              <td>{t(`kind_${c.kind}`)}</td>
              <td class="mono">{c.value}</td>
              <td>
                {c.label.en}
                <br />
                <span class="hint">{c.label.zh}</span>
              </td>
              <td>{c.purpose}</td>
              <td>{c.published ? t("yes") : t("no")}</td>
              <RowActions onEdit={() => setEditing(c)} onDelete={() => remove(c)} />
            </tr>
          ))
        }
      </RecordTable>
      <ChannelForm
        key={editing?.id ?? "new"}
        channel={editing}
        onDone={async () => {
          setEditing(null);
          await list.reload();
        }}
        onCancel={() => setEditing(null)}
      />
    </section>
  );
}

function ChannelForm({ channel, onDone, onCancel }: { channel: OfficialChannel | null; onDone(): Promise<void>; onCancel(): void }) {
  const t = useHelpCentreT();
  const { form, set, busy, error, onSubmit } = useRecordForm(channel, toInput, blank, { create: createChannel, update: updateChannel }, onDone);
  const text = (label: string, value: string, onInput: (v: string) => void, options: { required?: boolean; hint?: string } = {}) => (
    <label class="field">
      <span>{label}</span>
      <input type="text" value={value} required={options.required} onInput={(e) => onInput(e.currentTarget.value)} />
      {options.hint && <span class="hint">{options.hint}</span>}
    </label>
  );

  return (
    <form class="stack narrow channel-form" onSubmit={onSubmit}>
      <h3>{channel ? t("editChannel") : t("newChannel")}</h3>
      <SelectField
        class="field"
        label={t("kind")}
        options={channelKinds.map((k) => ({ value: k, label: t(`kind_${k}`) }))}
        value={form.kind}
        onChange={(kind) => set({ kind: kind as ChannelInput["kind"] })}
      />
      {text(t("value"), form.value, (value) => set({ value }), { required: true })}
      {text(t("purpose"), form.purpose, (purpose) => set({ purpose }), { required: true, hint: t("purposeHint") })}
      {text(t("labelEn"), form.label.en, (en) => set({ label: { ...form.label, en } }), { required: true })}
      {text(t("labelZh"), form.label.zh, (zh) => set({ label: { ...form.label, zh } }), { required: true })}
      {text(t("hoursEn"), form.hours.en, (en) => set({ hours: { ...form.hours, en } }))}
      {text(t("hoursZh"), form.hours.zh, (zh) => set({ hours: { ...form.hours, zh } }))}
      {text(t("responseEn"), form.responseTime.en, (en) => set({ responseTime: { ...form.responseTime, en } }))}
      {text(t("responseZh"), form.responseTime.zh, (zh) => set({ responseTime: { ...form.responseTime, zh } }))}
      <label class="field">
        <span>{t("sortOrder")}</span>
        <input type="number" value={form.sortOrder} min={-1000} max={1000} onInput={(e) => set({ sortOrder: Number(e.currentTarget.value) || 0 })} />
      </label>
      <label>
        <input type="checkbox" checked={form.published} onChange={(e) => set({ published: e.currentTarget.checked })} /> {t("published")}
      </label>
      <FormFooter busy={busy} error={error} onCancel={channel ? onCancel : undefined} />
    </form>
  );
}

function toInput(c: OfficialChannel): ChannelInput {
  return { kind: c.kind, purpose: c.purpose, value: c.value, label: c.label, hours: c.hours, responseTime: c.responseTime, sortOrder: c.sortOrder, published: c.published };
}
