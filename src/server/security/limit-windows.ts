// Per-key fixed windows, with a bounded number of keys. When the table is full, expired windows go first,
// then those not yet spent (under their limit), oldest first; a spent window is the last to be forgotten,
// so flooding the table with new keys cannot give a blocked account or address a fresh budget.
const MAX_KEYS = 50_000;

export function createLimitWindows<W extends { start: number }>(windowMs: number, isSpent: (w: W) => boolean, maxKeys = MAX_KEYS) {
  const windows = new Map<string, W>();

  function makeRoom(t: number) {
    const target = Math.floor(maxKeys * 0.9);
    for (const [key, w] of windows) if (t - w.start >= windowMs) windows.delete(key);
    for (const [key, w] of windows) {
      if (windows.size < target) return;
      if (!isSpent(w)) windows.delete(key);
    }
    for (const key of windows.keys()) {
      if (windows.size < target) return;
      windows.delete(key);
    }
  }

  return {
    /** The key's window if it is still running. */
    current(key: string, t: number): W | undefined {
      const w = windows.get(key);
      return w && t - w.start < windowMs ? w : undefined;
    },
    /** Starts a new window for the key (re-inserted, so the table stays in order of start). */
    open(key: string, w: W): W {
      windows.delete(key);
      if (windows.size >= maxKeys) makeRoom(w.start);
      windows.set(key, w);
      return w;
    },
    forget(key: string): void {
      windows.delete(key);
    },
    get size() {
      return windows.size;
    },
  };
}
