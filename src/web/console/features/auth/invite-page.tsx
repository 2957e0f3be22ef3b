// Accepting an invitation: choose a password, and the new agent is signed in (enrolment may follow).
import { useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import { useT } from "../../lib/i18n.ts";
import type { Agent, SignInAnswer } from "../../lib/types.ts";
import { ErrorNotice } from "../../ui/notice.tsx";
import { PasswordForm } from "../../ui/password-form.tsx";
import { AuthFlow, nextStep, type AuthStep } from "./auth-flow.tsx";

export function InvitePage({ token, onSignedIn }: { token: string; onSignedIn(agent: Agent): void }) {
  const t = useT();
  const [step, setStep] = useState<AuthStep | null>(null);
  const [password, setPassword] = useState<string | null>(null);

  if (step) {
    return (
      <main class="auth-page">
        <AuthFlow initial={step} currentPassword={password} onSignedIn={onSignedIn} onCancel={() => setStep(null)} />
      </main>
    );
  }
  return (
    <main class="auth-page">
      <section class="auth-card" aria-labelledby="invite-title">
        <h1 id="invite-title">{t("invite.title")}</h1>
        {token ? (
          <>
            <p>{t("invite.intro")}</p>
            <PasswordForm
              askCurrent={false}
              submitLabel={t("invite.accept")}
              onSubmit={async (_current, next) => {
                const answer = await api.post<SignInAnswer>("/api/invitations/accept", { token, password: next });
                setPassword(next);
                const following = nextStep(answer);
                if (following) setStep(following);
                else if (answer.agent) onSignedIn(answer.agent);
              }}
            />
          </>
        ) : (
          <ErrorNotice error={new Error(t("invite.noToken"))} />
        )}
      </section>
    </main>
  );
}
