// Counts failures (not attempts) per key in a fixed window: wrong two-factor codes lock the account's
// code entry for a while, while people who get it right are never slowed down.
import { createLimitWindows } from "../../security/limit-windows.ts";

export function createFailureLimiter(maxFailures: number, windowMs: number, now: () => number, maxKeys?: number) {
  const windows = createLimitWindows<{ start: number; failures: number }>(windowMs, (w) => w.failures >= maxFailures, maxKeys);
  return {
    isBlocked: (key: string) => (windows.current(key, now())?.failures ?? 0) >= maxFailures,
    fail(key: string) {
      const t = now();
      const w = windows.current(key, t);
      if (w) w.failures += 1;
      else windows.open(key, { start: t, failures: 1 });
    },
    clear: (key: string) => windows.forget(key),
  };
}
