// Subscribes a view to live events while it is mounted; bursts are coalesced into one refresh.
import { useEffect, useRef } from "preact/hooks";
import { live, type LiveEvent } from "./live.ts";

export function useLive(onEvent: (e: LiveEvent) => void, options: { coalesceMs?: number } = {}) {
  const ref = useRef(onEvent);
  ref.current = onEvent;
  const wait = options.coalesceMs ?? 150;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let pending: LiveEvent[] = [];
    const flush = () => {
      timer = null;
      const batch = pending;
      pending = [];
      // One call per distinct ticket (or one "reconnected"): enough to refresh each thing once.
      const seen = new Set<string>();
      for (const e of batch) {
        const key = e.ticketId ?? e.type;
        if (seen.has(key)) continue;
        seen.add(key);
        ref.current(e);
      }
    };
    const off = live.subscribe((e) => {
      pending.push(e);
      timer ??= setTimeout(flush, wait);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [wait]);
}
