// The agent's own settings: language, two-factor, password, and signing out everywhere.
import { useState } from "preact/hooks";
import { languages, type Language } from "../../../../common/i18n/index.ts";
import { api } from "../../lib/api.ts";
import { rememberLanguage, useT } from "../../lib/i18n.ts";
import { useSession } from "../../lib/session.ts";
import type { Agent } from "../../lib/types.ts";
import { ErrorNotice, Notice } from "../../ui/notice.tsx";
import { PasswordForm } from "../../ui/password-form.tsx";
import { RecoveryCodes, TotpEnrolment } from "../../ui/totp-enrolment.tsx";

const languageNames: Record<Language, string> = { en: "English", "zh-CN": "简体中文" };

export function SettingsPage() {
  const t = useT();
  const { agent, setAgent, signOut } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [enrolling, setEnrolling] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [passwordChanged, setPasswordChanged] = useState(false);

  const setLanguage = async (language: Language) => {
    setError(null);
    try {
      const r = await api.patch<{ agent: Agent }>("/api/me", { language });
      rememberLanguage(r.agent.language);
      setAgent(r.agent);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <main class="page settings-page" aria-labelledby="settings-title">
      <h1 id="settings-title">{t("settings.title")}</h1>
      <p class="hint">
        {agent.name} · <span class="mono">{agent.email}</span> · {t(`role.${agent.role}`)}
      </p>

      <section>
        <h2>{t("settings.language")}</h2>
        <label class="field narrow">
          <span>{t("settings.language")}</span>
          <select value={agent.language} onChange={(e) => void setLanguage(e.currentTarget.value as Language)}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {languageNames[l]}
              </option>
            ))}
          </select>
        </label>
        <ErrorNotice error={error} />
      </section>

      <section>
        <h2>{t("settings.totp")}</h2>
        {codes ? (
          <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />
        ) : agent.totpEnabled ? (
          <p>{t("settings.totpOn")}</p>
        ) : enrolling ? (
          <TotpEnrolment
            onConfirmed={(r) => {
              setEnrolling(false);
              setAgent(r.agent);
              setCodes(r.recoveryCodes);
            }}
          />
        ) : (
          <>
            <p>{t("settings.totpOff")}</p>
            <button type="button" onClick={() => setEnrolling(true)}>
              {t("settings.enableTotp")}
            </button>
          </>
        )}
      </section>

      <section class="narrow">
        <h2>{t("settings.password")}</h2>
        {passwordChanged && <Notice kind="success">{t("settings.passwordChanged")}</Notice>}
        <PasswordForm
          askCurrent
          submitLabel={t("password.change")}
          onSubmit={async (current, next) => {
            setPasswordChanged(false);
            await api.post("/api/me/password", { currentPassword: current, newPassword: next });
            setPasswordChanged(true);
          }}
        />
      </section>

      <section>
        <h2>{t("settings.sessions")}</h2>
        <p>{t("settings.signOutEverywhereHint")}</p>
        <button type="button" class="danger" onClick={() => void signOut({ everywhere: true })}>
          {t("settings.signOutEverywhere")}
        </button>
      </section>
    </main>
  );
}
