// Everything between "password accepted" and "signed in": TOTP code or recovery code, forced
// enrolment (admins), recovery codes shown once, forced password change.
import { useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import { useT } from "../../lib/i18n.ts";
import type { Agent, SignInAnswer } from "../../lib/types.ts";
import { PasswordForm } from "../../ui/password-form.tsx";
import { RecoveryCodes, TotpEnrolment } from "../../ui/totp-enrolment.tsx";
import { TotpStep } from "./totp-step.tsx";

export type AuthStep =
  | { kind: "totp" }
  | { kind: "enrol" }
  | { kind: "codes"; codes: string[]; agent: Agent }
  | { kind: "password"; agent: Agent };

type Answer = SignInAnswer & { mustChangePassword?: boolean };

const mustChange = (answer: { agent?: Agent; mustChangePassword?: boolean }) =>
  Boolean(answer.mustChangePassword ?? answer.agent?.mustChangePassword);

/** Decides the next step for a sign-in answer, or null when the agent is fully signed in. */
export function nextStep(answer: Answer): AuthStep | null {
  if (answer.status === "totp_required") return { kind: "totp" };
  if (answer.status === "totp_enrolment_required") return { kind: "enrol" };
  if (answer.agent && mustChange(answer)) return { kind: "password", agent: answer.agent };
  return null;
}

const titles = { totp: "auth.totpTitle", enrol: "auth.enrolTitle", codes: "auth.codesTitle", password: "auth.passwordTitle" } as const;

export function AuthFlow({ initial, currentPassword, onSignedIn, onCancel }: { initial: AuthStep; currentPassword: string | null; onSignedIn(agent: Agent): void; onCancel(): void }) {
  const t = useT();
  const [step, setStep] = useState<AuthStep>(initial);

  const settle = (answer: Answer) => {
    const next = nextStep(answer);
    if (next) setStep(next);
    else if (answer.agent) onSignedIn(answer.agent);
  };

  return (
    <section class="auth-card" aria-labelledby="auth-step-title">
      <h1 id="auth-step-title">{t(titles[step.kind])}</h1>
      {step.kind === "totp" && <TotpStep onAnswer={settle} />}
      {step.kind === "enrol" && (
        <TotpEnrolment
          onConfirmed={(r) => setStep({ kind: "codes", codes: r.recoveryCodes, agent: r.agent })}
        />
      )}
      {step.kind === "codes" && (
        <RecoveryCodes
          codes={step.codes}
          onDone={() => (mustChange({ agent: step.agent }) ? setStep({ kind: "password", agent: step.agent }) : onSignedIn(step.agent))}
        />
      )}
      {step.kind === "password" && (
        <>
          <p>{t("auth.mustChangePassword")}</p>
          <PasswordForm
            askCurrent={currentPassword === null}
            submitLabel={t("password.change")}
            onSubmit={async (current, next) => {
              await api.post("/api/me/password", { currentPassword: currentPassword ?? current, newPassword: next });
              // The server may rotate the session on a password change: read it back.
              const fresh = await api.get<{ agent: Agent }>("/api/session").catch(() => null);
              onSignedIn({ ...(fresh?.agent ?? step.agent), mustChangePassword: false });
            }}
          />
        </>
      )}
      <p>
        <button type="button" class="link" onClick={onCancel}>
          {t("auth.backToSignIn")}
        </button>
      </p>
    </section>
  );
}
