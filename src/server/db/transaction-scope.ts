// The transaction the current async call chain runs in, if any (set by inTransaction). Lets code that
// is handed no transaction still join the caller's: on SQLite, a query outside it would wait forever for
// the one connection the transaction holds.
import { AsyncLocalStorage } from "node:async_hooks";
import type { DbExecutor } from "./connect.ts";

// A holder, closed when the transaction ends: timers and promises created inside it keep the holder
// after the commit, and must then see no transaction.
type Holder = { tx: DbExecutor; open: boolean };
const scope = new AsyncLocalStorage<Holder>();

export async function runInTransactionScope<T>(tx: DbExecutor, fn: () => Promise<T>): Promise<T> {
  const holder: Holder = { tx, open: true };
  try {
    return await scope.run(holder, fn);
  } finally {
    holder.open = false;
  }
}

/** The open transaction of this call chain, or undefined outside one. */
export function currentTransaction(): DbExecutor | undefined {
  const holder = scope.getStore();
  return holder?.open ? holder.tx : undefined;
}
