// Agents and mailboxes change rarely: loaded once per page load, shared by every view, refreshed on demand.
import { useEffect, useState } from "preact/hooks";
import { api } from "./api.ts";
import type { Agent, Mailbox } from "./types.ts";

function cached<T>(load: () => Promise<T>) {
  let promise: Promise<T> | null = null;
  let value: T | undefined;
  const listeners = new Set<(v: T) => void>();
  const fetchNow = () => {
    const p = load().then((v) => {
      value = v;
      listeners.forEach((fn) => fn(v));
      return v;
    });
    p.catch(() => {
      if (promise === p) promise = null;
    });
    promise = p;
    return p;
  };
  return {
    get: () => promise ?? fetchNow(),
    refresh: fetchNow,
    peek: () => value,
    clear() {
      promise = null;
      value = undefined;
    },
    listen(fn: (v: T) => void) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  };
}

export const agentsDirectory = cached(() => api.get<{ agents: Agent[] }>("/api/agents").then((r) => r.agents));
export const mailboxesDirectory = cached(() => api.get<{ mailboxes: Mailbox[] }>("/api/mailboxes").then((r) => r.mailboxes));

function useCached<T>(source: ReturnType<typeof cached<T>>): T | undefined {
  const [value, setValue] = useState<T | undefined>(source.peek());
  useEffect(() => {
    const off = source.listen(setValue);
    source.get().then(setValue, () => undefined);
    return off;
  }, [source]);
  return value;
}

export const useAgents = () => useCached(agentsDirectory) ?? [];
export const useMailboxes = () => useCached(mailboxesDirectory) ?? [];

/** Forget everything at sign-out, so the next agent sees only what they may. */
export function clearDirectory() {
  agentsDirectory.clear();
  mailboxesDirectory.clear();
}
