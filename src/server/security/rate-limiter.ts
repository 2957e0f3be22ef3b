// Fixed-window counter per key: how many attempts a client, account or address may make in a window.
import { createLimitWindows } from "./limit-windows.ts";

export function createRateLimiter(limit: number, windowMs: number, now: () => number, maxKeys?: number) {
  const windows = createLimitWindows<{ start: number; count: number }>(windowMs, (w) => w.count >= limit, maxKeys);
  return {
    take(key: string): boolean {
      const t = now();
      const w = windows.current(key, t);
      if (!w) {
        windows.open(key, { start: t, count: 1 });
        return limit >= 1;
      }
      w.count += 1;
      return w.count <= limit;
    },
  };
}
