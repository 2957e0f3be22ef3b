// Live updates from `/api/stream` (server-sent events). One connection per tab; it comes back by
// itself after a network drop or a server restart, and tells listeners to catch up on what they missed.
export const liveEventTypes = ["ticket.created", "ticket.updated", "message.created"] as const;
export type LiveEventType = (typeof liveEventTypes)[number];
export type LiveEvent = { type: LiveEventType; ticketId: string; ref: string } | { type: "reconnected"; ticketId: null; ref: null };
export type LiveState = "connecting" | "open" | "closed";

type SourceLike = {
  readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, fn: (ev: MessageEvent) => void): void;
  close(): void;
};

export type LiveOptions = {
  url?: string;
  open?: (url: string) => SourceLike;
  schedule?: (fn: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
};

const CLOSED = 2;

export function createLive(options: LiveOptions = {}) {
  const url = options.url ?? "/api/stream";
  const open = options.open ?? ((u: string) => new EventSource(u, { withCredentials: true }) as unknown as SourceLike);
  const schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  const cancel = options.cancel ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const listeners = new Set<(e: LiveEvent) => void>();
  const stateListeners = new Set<(s: LiveState) => void>();
  let source: SourceLike | null = null;
  let retry: unknown = null;
  let attempts = 0;
  let everOpened = false;
  let running = false;
  let state: LiveState = "closed";

  const emit = (e: LiveEvent) => listeners.forEach((fn) => fn(e));
  const setState = (s: LiveState) => {
    state = s;
    stateListeners.forEach((fn) => fn(s));
  };

  function connect() {
    retry = null;
    setState("connecting");
    const es = open(url);
    source = es;
    es.onopen = () => {
      attempts = 0;
      setState("open");
      if (everOpened) emit({ type: "reconnected", ticketId: null, ref: null });
      everOpened = true;
    };
    es.onerror = () => {
      // The browser retries a dropped stream itself; only a closed one (e.g. 401, 5xx) needs us.
      if (es.readyState !== CLOSED) {
        setState("connecting");
        return;
      }
      es.close();
      if (!running || source !== es) return;
      setState("closed");
      attempts += 1;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(attempts - 1, 5));
      retry = schedule(connect, delay);
    };
    for (const type of liveEventTypes) {
      es.addEventListener(type, (ev) => {
        const data = parseData(ev.data);
        if (data) emit({ type, ticketId: data.ticketId, ref: data.ref });
      });
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      connect();
    },
    stop() {
      running = false;
      if (retry !== null) cancel(retry);
      retry = null;
      source?.close();
      source = null;
      everOpened = false;
      setState("closed");
    },
    subscribe(fn: (e: LiveEvent) => void) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    onState(fn: (s: LiveState) => void) {
      stateListeners.add(fn);
      return () => void stateListeners.delete(fn);
    },
    get state() {
      return state;
    },
  };
}

function parseData(raw: unknown): { ticketId: string; ref: string } | null {
  if (typeof raw !== "string") return null;
  try {
    const d = JSON.parse(raw) as { ticketId?: unknown; ref?: unknown };
    return typeof d.ticketId === "string" ? { ticketId: d.ticketId, ref: typeof d.ref === "string" ? d.ref : d.ticketId } : null;
  } catch {
    return null;
  }
}

export type Live = ReturnType<typeof createLive>;
export const live = createLive();
