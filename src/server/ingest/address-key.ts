// One mailbox, however its address is spelled: what per-address limits count by. Case, a `+tag` (most
// providers deliver `li+1@` to `li@`) and Gmail's dots change the text, not the mailbox; a limit counted
// by the exact text would let one sender — or a forger writing in a customer's name — pass it by
// spelling the address anew each time. A key for counting only, never an identity.
const DOTS_IGNORED = new Map([["gmail.com", "gmail.com"], ["googlemail.com", "gmail.com"]]);

export function addressKey(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at <= 0) return lower;
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  const canonical = DOTS_IGNORED.get(domain);
  if (canonical) {
    local = local.replaceAll(".", "");
    domain = canonical;
  }
  return `${local}@${domain}`;
}
