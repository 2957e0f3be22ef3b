// Auditors open a received message exactly as it arrived (card numbers and held-back files included):
// they say why first; the server writes who, what and why to the audit log, then the file downloads.
import { useState } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";
import { useSubmit } from "../../lib/use-submit.ts";
import { ErrorNotice } from "../../ui/notice.tsx";
import { openOriginal } from "./ticket.api.ts";

export function OpenOriginal({ messageId }: { messageId: string }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const { busy, error, onSubmit } = useSubmit(async () => {
    const { blob, filename } = await openOriginal(messageId, reason);
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = filename ?? `${messageId}.eml`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setAsking(false);
    setReason("");
  });
  if (!asking) {
    return (
      <button type="button" class="small" onClick={() => setAsking(true)}>
        {t("original.open")}
      </button>
    );
  }
  const id = `original-reason-${messageId}`;
  return (
    <form class="original-form" onSubmit={onSubmit} aria-label={t("original.open")}>
      <label for={id}>{t("original.reason")}</label>
      <textarea id={id} required minLength={10} maxLength={1000} rows={2} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
      <p class="hint">{t("original.logged")}</p>
      <button type="submit" class="small" disabled={busy}>
        {t("original.download")}
      </button>{" "}
      <button type="button" class="small" onClick={() => setAsking(false)}>
        {t("common.cancel")}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
