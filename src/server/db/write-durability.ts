// How durable a call chain's commits must be. By default every commit is on disk before it returns
// (SQLite: its log fsynced, sqlite-sync.ts): an SMTP 250, an HTTP answer or a sent mail may follow it at once.
// Work that can simply be done again — processing a message whose bytes and job are already durable —
// may commit without waiting for the disk ("redoable"): a crash of the process loses nothing (the
// operating system has the writes), and a power failure can only take back the last such commits, whole
// and in order, whose job then runs again. Nothing leaves the machine on such a commit alone: the next
// durable commit (a delivery job's claim, an intake row) syncs everything written before it.
import { AsyncLocalStorage } from "node:async_hooks";

export type WriteDurability = "durable" | "redoable";

const scope = new AsyncLocalStorage<WriteDurability>();

/** Runs fn, and everything it awaits, with the given durability (set explicitly: it is inherited by timers too). */
export function withWriteDurability<T>(durability: WriteDurability, fn: () => Promise<T>): Promise<T> {
  return scope.run(durability, fn);
}

export const currentWriteDurability = (): WriteDurability => scope.getStore() ?? "durable";
