// U+0000 means nothing in mail text, and PostgreSQL's text columns refuse it ("invalid byte sequence for
// encoding UTF8: 0x00"): one NUL in a subject failed every try and left the message a dead letter. So no
// decoded string keeps it; the sealed original still has every byte.

/** `value` with NUL removed from every string in it (objects and arrays walked; bytes and dates left as they are). */
export function withoutNul<T>(value: T): T {
  if (typeof value === "string") return (value.includes("\u0000") ? value.replaceAll("\u0000", "") : value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => withoutNul(v)) as T;
  if (value === null || typeof value !== "object" || value instanceof Uint8Array || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)])) as T;
}
