// New password (typed twice), optionally with the current one; length is checked here, strength on the server.
import { useId, useState } from "preact/hooks";
import { useT } from "../lib/i18n.ts";
import { useAction } from "../lib/use-submit.ts";
import { ErrorNotice } from "./notice.tsx";

export function PasswordForm({ askCurrent, submitLabel, onSubmit }: { askCurrent: boolean; submitLabel: string; onSubmit(current: string, next: string): Promise<void> }) {
  const t = useT();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const hintId = useId();
  const { busy, error, setError, run } = useAction(async () => {
    await onSubmit(current, next);
    setCurrent("");
    setNext("");
    setAgain("");
  });

  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    if (next.length < 8 || next.length > 128) return setError(new Error(t("password.length")));
    if (next !== again) return setError(new Error(t("password.mismatch")));
    void run();
  };

  return (
    <form class="stack" onSubmit={submit}>
      {askCurrent && (
        <label class="field">
          <span>{t("password.current")}</span>
          <input type="password" autoComplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
        </label>
      )}
      <label class="field">
        <span>{t("password.new")}</span>
        <input type="password" autoComplete="new-password" required minLength={8} maxLength={128} aria-describedby={hintId} value={next} onInput={(e) => setNext(e.currentTarget.value)} />
      </label>
      <p id={hintId} class="hint">
        {t("password.hint")}
      </p>
      <label class="field">
        <span>{t("password.repeat")}</span>
        <input type="password" autoComplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
      </label>
      <ErrorNotice error={error} />
      <button class="primary" type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
