// Counts failures (not attempts) per key in a fixed window: wrong two-factor codes lock the account's
// code entry for a while, while people who get it right are never slowed down.
export function createFailureLimiter(maxFailures: number, windowMs: number, now: () => number) {
  const windows = new Map<string, { start: number; failures: number }>();
  const current = (key: string) => {
    const w = windows.get(key);
    return w && now() - w.start < windowMs ? w : null;
  };
  return {
    isBlocked: (key: string) => (current(key)?.failures ?? 0) >= maxFailures,
    fail(key: string) {
      const w = current(key);
      if (w) w.failures += 1;
      else {
        if (windows.size > 10_000) windows.clear();
        windows.set(key, { start: now(), failures: 1 });
      }
    },
    clear: (key: string) => void windows.delete(key),
  };
}
