// Auditors open a received message exactly as it arrived (card numbers and held-back files included):
// they say why first; the server writes who, what and why to the audit log, then the file downloads.
import { useState } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";
import { ReasonForm } from "../../ui/reason-form.tsx";
import { openOriginal } from "./ticket.api.ts";

export function OpenOriginal({ messageId }: { messageId: string }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const download = async (reason: string) => {
    const { blob, filename } = await openOriginal(messageId, reason);
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = filename ?? `${messageId}.eml`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setAsking(false);
  };
  if (!asking) {
    return (
      <button type="button" class="small" onClick={() => setAsking(true)}>
        {t("original.open")}
      </button>
    );
  }
  return (
    <ReasonForm
      id={`original-reason-${messageId}`}
      label={t("original.open")}
      question={t("original.reason")}
      hint={t("original.logged")}
      confirm={t("original.download")}
      onConfirm={download}
      onCancel={() => setAsking(false)}
    />
  );
}
