// The official channel registry, prepared once for comparison.
import { makeNeedle, type BrandNeedle } from "./brand.ts";
import { parseHost, splitRegistrable, type Host } from "./domain.ts";
import { parsePhone, type PhoneNumber } from "./phone.ts";
import { domainSkeleton } from "./skeleton.ts";
import type { OfficialChannels } from "./types.ts";

export type OfficialZone = {
  /** The registrable domain we own (all hosts under it are ours), both forms. */
  host: Host;
  name: string;
  suffix: string;
  nameSkeleton: string;
  suffixSkeleton: string;
  domainSkeleton: string;
};

export type OfficialEmail = { listed: string; local: string; host: Host };
export type OfficialPhone = { listed: string; phone: PhoneNumber };

export type CompiledOfficial = {
  zones: OfficialZone[];
  emails: OfficialEmail[];
  phones: OfficialPhone[];
  /** Brand names and the names of our domains, with the zone each belongs to when it has one. */
  needles: { needle: BrandNeedle; zone: OfficialZone | null }[];
};

export function compileOfficial(official: OfficialChannels): CompiledOfficial {
  const zones: OfficialZone[] = [];
  for (const listed of official.domains) {
    const host = parseHost(listed.replace(/^[a-z]+:\/\//i, "").split("/")[0]!);
    if (!host || host.isIp) continue;
    // Owning a subdomain in the registry means owning its registrable domain.
    const reg = splitRegistrable(host.unicode);
    const zoneHost = parseHost(reg.domain) ?? host;
    if (zones.some((z) => z.host.ascii === zoneHost.ascii)) continue;
    zones.push({
      host: zoneHost,
      name: reg.name,
      suffix: reg.suffix,
      nameSkeleton: domainSkeleton(reg.name),
      suffixSkeleton: domainSkeleton(reg.suffix),
      domainSkeleton: domainSkeleton(reg.domain),
    });
  }

  const emails: OfficialEmail[] = [];
  for (const listed of official.emails) {
    const at = listed.lastIndexOf("@");
    const host = at > 0 ? parseHost(listed.slice(at + 1)) : null;
    if (host) emails.push({ listed: listed.trim(), local: listed.slice(0, at).trim().normalize("NFKC").toLowerCase(), host });
  }

  const phones: OfficialPhone[] = [];
  for (const listed of official.phones) {
    const phone = parsePhone(listed);
    if (phone) phones.push({ listed: listed.trim(), phone });
  }

  const needles: CompiledOfficial["needles"] = [];
  for (const zone of zones) {
    const needle = makeNeedle(zone.name);
    if (needle) needles.push({ needle, zone });
  }
  for (const brand of official.brandNames) {
    const needle = makeNeedle(brand);
    if (needle && !needles.some((n) => n.needle.skeleton === needle.skeleton)) needles.push({ needle, zone: null });
  }
  return { zones, emails, phones, needles };
}

/** What a resemblance points at: the zone's listed domain, else the first official domain, else the name. */
export function describeNeedle(official: CompiledOfficial, hit: { needle: BrandNeedle; zone: OfficialZone | null }): string {
  return hit.zone?.host.unicode ?? official.zones[0]?.host.unicode ?? hit.needle.label;
}
