// A file the virus scan held back: what was found, and for admins a release after all (with a reason,
// audited). A released file shows up among the attachments; the notice then says who released it.
import { useState } from "preact/hooks";
import { formatDateTime } from "../../lib/format.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { useSession } from "../../lib/session.ts";
import type { HeldBackAttachment } from "../../lib/types.ts";
import { useSubmit } from "../../lib/use-submit.ts";
import { ErrorNotice } from "../../ui/notice.tsx";
import { releaseHeldBack } from "./ticket.api.ts";

export function HeldBackNotice({ messageId, file }: { messageId: string; file: HeldBackAttachment }) {
  const t = useT();
  const lang = useLanguage();
  const { agent } = useSession();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const { busy, error, onSubmit } = useSubmit(async () => {
    if (file.index !== null) await releaseHeldBack(messageId, file.index, reason);
    setAsking(false);
  });
  if (file.released) {
    return (
      <p class="notice">
        {t("message.heldBackReleased", { file: file.filename, detail: file.detail, who: file.released.byName ?? "", when: formatDateTime(file.released.at, lang) })}
      </p>
    );
  }
  const id = `release-reason-${messageId}-${file.index}`;
  return (
    <div class="notice notice-danger" role="alert">
      {t(file.reason === "malware" ? "message.malwareHeldBack" : "message.unscannableHeldBack", { file: file.filename, detail: file.detail })}
      {agent.role === "admin" && file.index !== null && !asking && (
        <>
          {" "}
          <button type="button" class="small" onClick={() => setAsking(true)}>
            {t("heldBack.release")}
          </button>
        </>
      )}
      {asking && (
        <form class="release-form" onSubmit={onSubmit} aria-label={t("heldBack.release")}>
          <label for={id}>{t("heldBack.reason")}</label>
          <textarea id={id} required minLength={10} maxLength={1000} rows={2} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
          <button type="submit" class="small" disabled={busy}>
            {t("heldBack.confirm")}
          </button>{" "}
          <button type="button" class="small" onClick={() => setAsking(false)}>
            {t("common.cancel")}
          </button>
          {error ? <ErrorNotice error={error} /> : null}
        </form>
      )}
    </div>
  );
}
