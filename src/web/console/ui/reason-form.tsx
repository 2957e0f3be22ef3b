// A sensitive act the server audits with a stated reason (opening an original, releasing a held-back
// file): the question, a reason of 10–1,000 characters, confirm or cancel, and the server's refusal.
import { useState } from "preact/hooks";
import { useT } from "../lib/i18n.ts";
import { useSubmit } from "../lib/use-submit.ts";
import { ErrorNotice } from "./notice.tsx";

export type ReasonFormProps = {
  id: string;
  /** Names the form for assistive technology. */
  label: string;
  question: string;
  hint?: string;
  confirm: string;
  onConfirm(reason: string): Promise<unknown>;
  onCancel(): void;
};

export function ReasonForm({ id, label, question, hint, confirm, onConfirm, onCancel }: ReasonFormProps) {
  const t = useT();
  const [reason, setReason] = useState("");
  const { busy, error, onSubmit } = useSubmit(() => onConfirm(reason));
  return (
    <form class="reason-form" onSubmit={onSubmit} aria-label={label}>
      <label for={id}>{question}</label>
      <textarea id={id} required minLength={10} maxLength={1000} rows={2} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
      {hint && <p class="hint">{hint}</p>}
      <button type="submit" class="small" disabled={busy}>
        {confirm}
      </button>{" "}
      <button type="button" class="small" onClick={onCancel}>
        {t("common.cancel")}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
