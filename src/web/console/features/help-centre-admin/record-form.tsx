// The editor half of a help-centre editor: one form that creates a record or saves changes to the one
// being edited, then hands back to the list.
import { useState } from "preact/hooks";
import { useSubmit } from "../../lib/use-submit.ts";
import { ErrorNotice } from "../../ui/notice.tsx";
import { useHelpCentreT } from "./help-centre.messages.ts";

type Save<I> = { create(input: I): Promise<unknown>; update(id: string, input: I): Promise<unknown> };

export function useRecordForm<R extends { id: string }, I>(record: R | null, toInput: (record: R) => I, blank: I, save: Save<NoInfer<I>>, onDone: () => Promise<void>) {
  const [form, setForm] = useState<I>(() => (record ? toInput(record) : blank));
  const set = (patch: Partial<I>) => setForm((f) => ({ ...f, ...patch }));
  const { busy, error, onSubmit } = useSubmit(async () => {
    if (record) await save.update(record.id, form);
    else await save.create(form);
    if (!record) setForm(blank);
    await onDone();
  });
  return { form, set, busy, error, onSubmit };
}

/** The error, Save, and Cancel while editing an existing record. */
export function FormFooter({ busy, error, onCancel }: { busy: boolean; error: unknown; onCancel?: () => void }) {
  const t = useHelpCentreT();
  return (
    <>
      <ErrorNotice error={error} />
      <div class="row">
        <button class="primary" type="submit" disabled={busy}>
          {t("save")}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t("cancel")}
          </button>
        )}
      </div>
    </>
  );
}
