// A support address customers write to, and the plus-addressed reply addresses derived from it.
export type Mailbox = { id: string; address: string; name: string };

/** Splits `local+tag@domain` into its base address and tag (both lowercase). */
export function splitPlusAddress(address: string): { base: string; tag: string | null } {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at <= 0) return { base: lower, tag: null };
  const local = lower.slice(0, at);
  const plus = local.indexOf("+");
  if (plus === -1) return { base: lower, tag: null };
  return { base: `${local.slice(0, plus)}${lower.slice(at)}`, tag: local.slice(plus + 1) || null };
}

export function plusAddress(mailboxAddress: string, tag: string): string {
  const at = mailboxAddress.lastIndexOf("@");
  return `${mailboxAddress.slice(0, at)}+${tag}${mailboxAddress.slice(at)}`;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}
