// One action at a time behind a button or form: busy while it runs, and its error kept for display.
import { useState } from "preact/hooks";

export type Action<A extends unknown[]> = {
  busy: boolean;
  error: unknown;
  setError(error: unknown): void;
  /** Runs the action: clears the last error, marks busy, keeps the error it throws. */
  run(...args: A): Promise<void>;
};

export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      await action(...args);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/** useAction for a form: `onSubmit` stops the page load and runs the action. */
export function useSubmit(action: () => Promise<unknown>): Action<[]> & { onSubmit(e: Event): void } {
  const submit = useAction(action);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void submit.run();
  };
  return { ...submit, onSubmit };
}
