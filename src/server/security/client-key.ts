// The key a client is rate-limited by. IPv4 (also written as ::ffff:a.b.c.d) is the address itself; for
// IPv6 it is the /64, since one subscriber usually holds a whole /64 and could otherwise step through
// addresses to start every limit afresh.
import ipaddr from "ipaddr.js";

export function clientKey(ip: string | undefined | null): string {
  if (!ip) return "unknown";
  const bare = ip.replace(/%.*$/, "");
  if (!ipaddr.isValid(bare)) return bare;
  const address = ipaddr.process(bare);
  if (address.kind() === "ipv4") return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(":")}::/64`;
}
