// Address parsing via nodemailer's parser, flattened (groups expanded) and lowercased.
import parse from "nodemailer/lib/addressparser/index.js";
import type { ParsedAddress } from "./inbound-message.ts";

type Parsed = { address?: string; name?: string; group?: Parsed[] };

export function addressparser(value: string): ParsedAddress[] {
  const out: ParsedAddress[] = [];
  const walk = (list: Parsed[]) => {
    for (const item of list) {
      if (item.group) walk(item.group);
      else if (item.address && item.address.includes("@")) out.push({ address: item.address.toLowerCase(), name: item.name || null });
    }
  };
  try {
    walk(parse(value) as Parsed[]);
  } catch {
    // A header no parser understands yields no addresses; the message is still kept.
  }
  return out;
}

/** Whether a header uses group syntax (`name: a@x, b@y;`), which a flattened list no longer shows. */
export function hasAddressGroup(value: string): boolean {
  try {
    return (parse(value) as Parsed[]).some((item) => item.group !== undefined);
  } catch {
    return false;
  }
}
