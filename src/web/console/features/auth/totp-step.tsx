// The second factor at sign-in: a code from the authenticator, or one of the recovery codes.
import { useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import { useT } from "../../lib/i18n.ts";
import type { SignInAnswer } from "../../lib/types.ts";
import { useSubmit } from "../../lib/use-submit.ts";
import { ErrorNotice } from "../../ui/notice.tsx";

export function TotpStep({ onAnswer }: { onAnswer(answer: SignInAnswer): void }) {
  const t = useT();
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState("");
  const { busy, error, setError, onSubmit } = useSubmit(async () => {
    const body = useRecovery ? { recoveryCode: value.trim() } : { code: value.replace(/\s/g, "") };
    try {
      onAnswer(await api.post<SignInAnswer>("/api/session/totp", body));
    } catch (err) {
      setValue("");
      throw err;
    }
  });

  return (
    <form class="stack" onSubmit={onSubmit}>
      {useRecovery ? (
        <label class="field" key="recovery">
          <span>{t("totp.recoveryCode")}</span>
          <input class="mono" autoComplete="off" required value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </label>
      ) : (
        // Keyed apart: one input element must not carry the other's pattern and input mode over.
        <label class="field" key="code">
          <span>{t("totp.code")}</span>
          <input inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,8}" required value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </label>
      )}
      <ErrorNotice error={error} />
      <button class="primary" type="submit" disabled={busy}>
        {t("auth.verify")}
      </button>
      <button
        type="button"
        class="link"
        onClick={() => {
          setUseRecovery(!useRecovery);
          setValue("");
          setError(null);
        }}
      >
        {useRecovery ? t("totp.useApp") : t("totp.useRecovery")}
      </button>
    </form>
  );
}
