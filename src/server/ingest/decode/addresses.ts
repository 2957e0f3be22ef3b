// Addresses as mailparser parsed them, flattened (groups opened), with display names that came as raw
// 8-bit legacy text read again from the raw header.
import { parseAddressHeader, type AddressObject } from "mailparser";
import type { ParsedAddress } from "../inbound-message.ts";

export function flatten(value: AddressObject | AddressObject[] | undefined): ParsedAddress[] {
  const out: ParsedAddress[] = [];
  const walk = (list: { address?: string; name?: string; group?: unknown[] }[]) => {
    for (const v of list) {
      if (v.group) walk(v.group as typeof list);
      else if (v.address && v.address.includes("@")) out.push({ address: v.address.toLowerCase(), name: v.name || null });
    }
  };
  for (const obj of Array.isArray(value) ? value : value ? [value] : []) walk(obj.value);
  return out;
}

/**
 * mailparser reads a raw GBK or Big5 display name as UTF-8, so it comes out as U+FFFD. The names are
 * taken again from `rawValue` (the header as raw-headers.ts decodes it); addresses stay as mailparser
 * found them.
 */
export function withReadableNames(list: ParsedAddress[], rawValue: () => string | undefined): ParsedAddress[] {
  if (!list.some((a) => a.name?.includes("\uFFFD"))) return list;
  const value = rawValue();
  if (!value) return list;
  const names = new Map(flatten(parseAddressHeader(value)).map((a) => [a.address, a.name]));
  return list.map((a) => {
    const name = a.name?.includes("\uFFFD") ? names.get(a.address) : undefined;
    return name ? { ...a, name } : a;
  });
}
