// TOTP enrolment: show the secret and otpauth URL as text (typed or pasted into an authenticator),
// confirm with a first code, then show the recovery codes once.
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api.ts";
import { useT } from "../lib/i18n.ts";
import type { Agent } from "../lib/types.ts";
import { useSubmit } from "../lib/use-submit.ts";
import { ErrorNotice, Loading } from "./notice.tsx";

export type EnrolResult = { agent: Agent; recoveryCodes: string[]; csrfToken?: string };

export function TotpEnrolment({ onConfirmed }: { onConfirmed(result: EnrolResult): void }) {
  const t = useT();
  const [secret, setSecret] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState("");
  const { busy, error, setError, onSubmit } = useSubmit(async () => {
    onConfirmed(await api.post<EnrolResult>("/api/session/totp/confirm", { code: code.replace(/\s/g, "") }));
  });

  useEffect(() => {
    api.post<{ secret: string; otpauthUrl: string }>("/api/session/totp/enrol").then(setSecret, setError);
  }, []);

  if (!secret) return error ? <ErrorNotice error={error} /> : <Loading />;
  return (
    <form class="stack" onSubmit={onSubmit}>
      <p>{t("totp.enrolIntro")}</p>
      <label class="field">
        <span>{t("totp.secret")}</span>
        <input class="mono" readOnly value={secret.secret} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <label class="field">
        <span>{t("totp.otpauthUrl")}</span>
        <input class="mono" readOnly value={secret.otpauthUrl} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <label class="field">
        <span>{t("totp.code")}</span>
        <input
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]{6,8}"
          required
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </label>
      <ErrorNotice error={error} />
      <button class="primary" type="submit" disabled={busy}>
        {t("totp.confirm")}
      </button>
    </form>
  );
}

export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const t = useT();
  return (
    <div class="stack">
      <p>{t("totp.recoveryIntro")}</p>
      <ol class="recovery-codes mono" aria-label={t("totp.recoveryCodes")}>
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <button class="primary" type="button" onClick={onDone}>
        {t("totp.savedCodes")}
      </button>
    </div>
  );
}
