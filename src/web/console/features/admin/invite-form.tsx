// Invite a colleague: the link is mailed and also shown here, to pass on another way if mail is slow.
import { useState } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";
import { roles, type Role } from "../../lib/types.ts";
import { useSubmit } from "../../lib/use-submit.ts";
import { EnumSelect } from "../../ui/enum-select.tsx";
import { ErrorNotice, Notice } from "../../ui/notice.tsx";
import { Time } from "../../ui/time.tsx";
import { invite } from "./admin.api.ts";
import { MailboxPicker } from "./mailbox-picker.tsx";

export function InviteForm() {
  const t = useT();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [mailboxIds, setMailboxIds] = useState<string[]>([]);
  const [result, setResult] = useState<{ invitationUrl: string; expiresAt: string } | null>(null);
  const { busy, error, onSubmit } = useSubmit(async () => {
    setResult(null);
    setResult(await invite({ email: email.trim(), name: name.trim(), role, mailboxIds }));
    setEmail("");
    setName("");
  });

  return (
    <section aria-labelledby="invite-form-title">
      <h2 id="invite-form-title">{t("admin.invite")}</h2>
      <form class="stack narrow" onSubmit={onSubmit}>
        <label class="field">
          <span>{t("auth.email")}</span>
          <input type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t("admin.name")}</span>
          <input type="text" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <EnumSelect class="field" label={t("admin.role")} prefix="role" values={roles} value={role} onChange={(r) => setRole(r as Role)} />
        {(role === "agent" || role === "auditor") && <MailboxPicker value={mailboxIds} onChange={setMailboxIds} />}
        <ErrorNotice error={error} />
        <button class="primary" type="submit" disabled={busy}>
          {t("admin.sendInvite")}
        </button>
      </form>
      {result && (
        <Notice kind="success">
          <p>{t("admin.invited")}</p>
          <label class="field">
            <span>{t("admin.invitationLink")}</span>
            <input class="mono" readOnly value={result.invitationUrl} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <p class="hint">
            {t("admin.expires")} <Time iso={result.expiresAt} />
          </p>
        </Notice>
      )}
    </section>
  );
}
