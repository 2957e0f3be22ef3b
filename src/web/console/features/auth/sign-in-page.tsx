// Sign-in: e-mail and password first, then whatever the server asks for next.
import { useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import { useT } from "../../lib/i18n.ts";
import { buildHash } from "../../lib/router.ts";
import type { Agent, SignInAnswer } from "../../lib/types.ts";
import { useSubmit } from "../../lib/use-submit.ts";
import { ErrorNotice } from "../../ui/notice.tsx";
import { AuthFlow, nextStep, type AuthStep } from "./auth-flow.tsx";

/** `resume`: a step the browser's session is still at (a reload before the one-time password was replaced). */
export function SignInPage({ onSignedIn, notice, resume }: { onSignedIn(agent: Agent): void; notice?: string | null; resume?: AuthStep | null }) {
  const t = useT();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [step, setStep] = useState<AuthStep | null>(resume ?? null);

  const { busy, error, onSubmit } = useSubmit(async () => {
    const answer = await api.post<SignInAnswer>("/api/session", { email: email.trim(), password });
    const next = nextStep(answer);
    if (next) setStep(next);
    else if (answer.agent) onSignedIn(answer.agent);
  });

  if (step) {
    return (
      <main class="auth-page">
        <AuthFlow
          initial={step}
          currentPassword={password || null}
          onSignedIn={onSignedIn}
          onCancel={() => {
            setStep(null);
            setPassword("");
            void api.del("/api/session").catch(() => undefined);
          }}
        />
      </main>
    );
  }

  return (
    <main class="auth-page">
      <section class="auth-card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t("auth.signInTitle")}</h1>
        {notice && (
          <p class="notice notice-info" role="status">
            {notice}
          </p>
        )}
        <form class="stack" onSubmit={onSubmit}>
          <label class="field">
            <span>{t("auth.email")}</span>
            <input type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>{t("auth.password")}</span>
            <input type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <ErrorNotice error={error} />
          <button class="primary" type="submit" disabled={busy}>
            {t("auth.signIn")}
          </button>
        </form>
        <p>
          <a href={buildHash(["forgot"])}>{t("auth.forgot")}</a>
        </p>
      </section>
    </main>
  );
}
