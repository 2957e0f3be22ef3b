// Jobs run side by side, but some must keep their order: a customer's reply must not be processed before
// the message it answers. Calls with the same key run one after another, in the order they came.
export type SerialByKey = <T>(key: string | null, fn: () => Promise<T>) => Promise<T>;

export function serialByKey(): SerialByKey {
  const tails = new Map<string, Promise<unknown>>();
  return (key, fn) => {
    if (key === null) return fn();
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    // Forget the key once nothing waits behind this call.
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
