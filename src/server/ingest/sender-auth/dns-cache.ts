// Sender authentication asks the same few questions again and again (a customer's domain, its DMARC
// and DKIM records): answers are kept for a few minutes, "no such record" for one. Failures that say
// nothing about the record (timeouts, SERVFAIL) are not kept, so the next message asks again.
import type { DnsResolver } from "./check-sender.ts";

const NEGATIVE_CODES = new Set(["ENOTFOUND", "ENODATA"]);

export type DnsCacheOptions = { ttlMs?: number; negativeTtlMs?: number; maxEntries?: number; now?: () => number };

export function cachingResolver(resolve: DnsResolver, options: DnsCacheOptions = {}): DnsResolver {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const negativeTtlMs = options.negativeTtlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { expires: number; answer: Promise<unknown> }>();

  return (name, rrtype) => {
    const key = `${rrtype} ${name.toLowerCase()}`;
    const hit = entries.get(key);
    if (hit && hit.expires > now()) return hit.answer;
    if (hit) entries.delete(key);
    // The promise itself is kept: concurrent messages asking the same question share one lookup.
    const answer = resolve(name, rrtype);
    const entry = { expires: now() + ttlMs, answer };
    entries.set(key, entry);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    answer.catch((err: NodeJS.ErrnoException) => {
      if (entries.get(key) !== entry) return;
      if (NEGATIVE_CODES.has(err?.code ?? "")) entry.expires = now() + negativeTtlMs;
      else entries.delete(key);
    });
    return answer;
  };
}
