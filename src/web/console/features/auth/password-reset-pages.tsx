// Password reset by e-mail: ask for a link, then choose a new password with the link's token.
import { useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import { useT } from "../../lib/i18n.ts";
import { buildHash } from "../../lib/router.ts";
import { useSubmit } from "../../lib/use-submit.ts";
import { ErrorNotice, Notice } from "../../ui/notice.tsx";
import { PasswordForm } from "../../ui/password-form.tsx";

export function ForgotPasswordPage() {
  const t = useT();
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const { busy, error, onSubmit } = useSubmit(async () => {
    await api.post("/api/password/forgot", { email: email.trim() });
    setSent(true);
  });

  return (
    <main class="auth-page">
      <section class="auth-card" aria-labelledby="forgot-title">
        <h1 id="forgot-title">{t("reset.requestTitle")}</h1>
        {sent ? (
          <Notice kind="success">{t("reset.sent")}</Notice>
        ) : (
          <form class="stack" onSubmit={onSubmit}>
            <p>{t("reset.requestIntro")}</p>
            <label class="field">
              <span>{t("auth.email")}</span>
              <input type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
            </label>
            <ErrorNotice error={error} />
            <button class="primary" type="submit" disabled={busy}>
              {t("reset.send")}
            </button>
          </form>
        )}
        <p>
          <a href={buildHash([])}>{t("auth.backToSignIn")}</a>
        </p>
      </section>
    </main>
  );
}

export function ResetPasswordPage({ token }: { token: string }) {
  const t = useT();
  const [done, setDone] = useState(false);
  return (
    <main class="auth-page">
      <section class="auth-card" aria-labelledby="reset-title">
        <h1 id="reset-title">{t("reset.title")}</h1>
        {done ? (
          <Notice kind="success">{t("reset.done")}</Notice>
        ) : token ? (
          <PasswordForm
            askCurrent={false}
            submitLabel={t("reset.submit")}
            onSubmit={async (_current, password) => {
              await api.post("/api/password/reset", { token, password });
              setDone(true);
            }}
          />
        ) : (
          <ErrorNotice error={new Error(t("reset.noToken"))} />
        )}
        <p>
          <a href={buildHash([])}>{t("auth.backToSignIn")}</a>
        </p>
      </section>
    </main>
  );
}
