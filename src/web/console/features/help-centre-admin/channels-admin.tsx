// The official-channel registry: what customers see on Contact us and what the checker calls official.
import { useState } from "preact/hooks";
import { useResource } from "../../lib/use-resource.ts";
import { ErrorNotice, Loading } from "../../ui/notice.tsx";
import { channelKinds, createChannel, deleteChannel, listChannels, updateChannel, type ChannelInput, type OfficialChannel } from "./help-centre.api.ts";
import { useHelpCentreT } from "./help-centre.messages.ts";

const blank: ChannelInput = {
  kind: "email", purpose: "general", value: "", label: { en: "", zh: "" }, hours: { en: "", zh: "" },
  responseTime: { en: "", zh: "" }, sortOrder: 0, published: true,
};

export function ChannelsAdmin() {
  const t = useHelpCentreT();
  const list = useResource(listChannels, []);
  const [editing, setEditing] = useState<OfficialChannel | null>(null);
  const [error, setError] = useState<unknown>(null);

  const remove = async (c: OfficialChannel) => {
    if (!window.confirm(t("confirmDelete", { name: c.label.en || c.value }))) return;
    setError(null);
    try {
      await deleteChannel(c.id);
      await list.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="channels-title">
      <h2 id="channels-title">{t("channels")}</h2>
      <p class="hint">{t("channelsIntro")}</p>
      <ErrorNotice error={error ?? list.error} />
      {!list.data ? (
        list.error ? null : <Loading />
      ) : list.data.length === 0 ? (
        <p class="hint">{t("noChannels")}</p>
      ) : (
        <table class="data-table channels-table" aria-label={t("channels")}>
          <thead>
            <tr>
              <th>{t("kind")}</th>
              <th>{t("value")}</th>
              <th>{t("labelEn")}</th>
              <th>{t("purpose")}</th>
              <th>{t("published")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((c) => (
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
                <td class="row">
                  <button type="button" onClick={() => setEditing(c)}>
                    {t("edit")}
                  </button>
                  <button type="button" onClick={() => void remove(c)}>
                    {t("delete")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
  const [form, setForm] = useState<ChannelInput>(() => (channel ? toInput(channel) : blank));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ChannelInput>) => setForm((f) => ({ ...f, ...patch }));
  const text = (label: string, value: string, onInput: (v: string) => void, options: { required?: boolean; hint?: string } = {}) => (
    <label class="field">
      <span>{label}</span>
      <input type="text" value={value} required={options.required} onInput={(e) => onInput(e.currentTarget.value)} />
      {options.hint && <span class="hint">{options.hint}</span>}
    </label>
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (channel) await updateChannel(channel.id, form);
      else await createChannel(form);
      if (!channel) setForm(blank);
      await onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack narrow channel-form" onSubmit={submit}>
      <h3>{channel ? t("editChannel") : t("newChannel")}</h3>
      <label class="field">
        <span>{t("kind")}</span>
        <select value={form.kind} onChange={(e) => set({ kind: e.currentTarget.value as ChannelInput["kind"] })}>
          {channelKinds.map((k) => (
            <option key={k} value={k}>
              {t(`kind_${k}`)}
            </option>
          ))}
        </select>
      </label>
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
      <ErrorNotice error={error} />
      <div class="row">
        <button class="primary" type="submit" disabled={busy}>
          {t("save")}
        </button>
        {channel && (
          <button type="button" onClick={onCancel}>
            {t("cancel")}
          </button>
        )}
      </div>
    </form>
  );
}

function toInput(c: OfficialChannel): ChannelInput {
  return { kind: c.kind, purpose: c.purpose, value: c.value, label: c.label, hours: c.hours, responseTime: c.responseTime, sortOrder: c.sortOrder, published: c.published };
}
