// A file the virus scan held back: what was found, and for admins a release after all (with a reason,
// audited). A released file shows up among the attachments; the notice then says who released it.
import { useState } from "preact/hooks";
import { formatDateTime } from "../../lib/format.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { useSession } from "../../lib/session.ts";
import type { HeldBackAttachment } from "../../lib/types.ts";
import { ReasonForm } from "../../ui/reason-form.tsx";
import { releaseHeldBack } from "./ticket.api.ts";

export function HeldBackNotice({ messageId, file }: { messageId: string; file: HeldBackAttachment }) {
  const t = useT();
  const lang = useLanguage();
  const { agent } = useSession();
  const [asking, setAsking] = useState(false);
  if (file.released) {
    return (
      <p class="notice">
        {t("message.heldBackReleased", { file: file.filename, detail: file.detail, who: file.released.byName ?? "", when: formatDateTime(file.released.at, lang) })}
      </p>
    );
  }
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
      {asking && file.index !== null && (
        <ReasonForm
          id={`release-reason-${messageId}-${file.index}`}
          label={t("heldBack.release")}
          question={t("heldBack.reason")}
          confirm={t("heldBack.confirm")}
          onConfirm={(reason) => releaseHeldBack(messageId, file.index!, reason).then(() => setAsking(false))}
          onCancel={() => setAsking(false)}
        />
      )}
    </div>
  );
}
