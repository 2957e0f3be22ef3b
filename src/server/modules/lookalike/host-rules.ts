// The rules for one host name: is it ours, and if not, does it pretend to be?
import { findNeedle } from "./brand.ts";
import { isWithin, splitRegistrable, type Host } from "./domain.ts";
import { allowedEdits, editDistance } from "./edit-distance.ts";
import { describeNeedle, type CompiledOfficial, type OfficialZone } from "./official.ts";
import { findMixedScripts } from "./scripts.ts";
import { domainSkeleton } from "./skeleton.ts";
import type { Reason } from "./types.ts";

export type HostAssessment = { matched?: string; resembles?: string; reasons: Reason[] };

export function findZone(host: Host, official: CompiledOfficial): OfficialZone | null {
  if (host.isIp) return null;
  return official.zones.find((z) => isWithin(host.ascii, z.host.ascii)) ?? null;
}

export function assessHost(host: Host, official: CompiledOfficial): HostAssessment {
  const zone = findZone(host, official);
  // Anything under a domain we own is ours, however it is spelt (only we can create its subdomains).
  if (zone) return { matched: zone.host.unicode, reasons: [] };

  const reasons: Reason[] = [];
  if (host.isIp) {
    reasons.push({ code: "ip_address", detail: `${host.ascii} is a bare IP address, not a name; official links use our domain names` });
    return { reasons };
  }
  if (host.ascii.split(".").some((l) => l.startsWith("xn--"))) {
    reasons.push({ code: "punycode", detail: `${host.ascii} is how the name is really registered; it displays as ${host.unicode}` });
  }
  for (const label of host.unicode.split(".")) {
    const mixed = findMixedScripts(label);
    if (mixed) reasons.push({ code: "mixed_script", detail: `"${label}" mixes ${mixed.join(" and ")} letters` });
  }

  let resembles: string | undefined;
  const add = (reason: Reason, target: string) => {
    if (!reasons.some((r) => r.code === reason.code)) reasons.push(reason);
    resembles ??= target;
  };

  const reg = splitRegistrable(host.unicode);
  const nameSkeleton = domainSkeleton(reg.name);
  const suffixSkeleton = domainSkeleton(reg.suffix);
  // okpay.com imitated is a confusable of okpay.com, not a TLD swap of our okpay.com.cn.
  const imitatesWhole = official.zones.some((z) => nameSkeleton === z.nameSkeleton && suffixSkeleton === z.suffixSkeleton);
  // The closest zone speaks first, so `resembles` names it (0kpay.com.cn imitates okpay.com.cn).
  const closeness = (z: OfficialZone) => (nameSkeleton === z.nameSkeleton ? 2 : 0) + (suffixSkeleton === z.suffixSkeleton ? 1 : 0);
  for (const z of [...official.zones].sort((a, b) => closeness(b) - closeness(a))) {
    const ours = z.host.unicode;
    const nameLooksSame = nameSkeleton === z.nameSkeleton;
    const suffixLooksSame = suffixSkeleton === z.suffixSkeleton;
    if (nameLooksSame && suffixLooksSame) {
      add({ code: "confusable", detail: `${reg.domain} is drawn with characters that look like ${ours} but are different` }, ours);
    } else if (nameLooksSame) {
      if (reg.name !== z.name) add({ code: "confusable", detail: `"${reg.name}" is drawn with characters that look like "${z.name}"` }, ours);
      if (!imitatesWhole) add({ code: "lookalike_tld", detail: `${reg.domain} uses our name "${z.name}" under .${reg.suffix}; ours is ${ours}` }, ours);
    }
    // 0kpay is both a confusable and a one-letter typo; say both. Skeletons also catch 0kpaay (two edits).
    const edits = nameLooksSame
      ? editDistance(reg.name, z.name)
      : Math.min(editDistance(reg.name, z.name), editDistance(nameSkeleton, z.nameSkeleton));
    if (edits > 0 && edits <= allowedEdits(Array.from(z.name).length)) {
      add({ code: "edit_distance", detail: `"${reg.name}" is ${edits} ${edits === 1 ? "edit" : "edits"} away from "${z.name}" (${ours})` }, ours);
    } else if (!nameLooksSame && nameSkeleton.replace(/-/g, "") === z.nameSkeleton.replace(/-/g, "")) {
      add({ code: "edit_distance", detail: `"${reg.name}" is "${z.name}" (${ours}) with hyphens added` }, ours);
    }
  }

  // Our name elsewhere in the host: okpay-support-help.com, support-okpay.net, okpay.com.evil.io.
  if (!reasons.some((r) => r.code === "confusable" || r.code === "lookalike_tld")) {
    const hit = findEmbedded(host, reg.domain, official);
    if (hit) add({ code: "brand_embedded", detail: hit.detail }, hit.target);
  }
  return { reasons, resembles };
}

function findEmbedded(host: Host, registrable: string, official: CompiledOfficial): { detail: string; target: string } | null {
  const hostSkeleton = domainSkeleton(host.unicode);
  for (const z of official.zones) {
    // okpay.com.evil.io and okpay.com-secure.io carry our whole domain at the front (okpay.community.io does not).
    const after = hostSkeleton.charAt(z.domainSkeleton.length);
    if (hostSkeleton.startsWith(z.domainSkeleton) && (after === "." || after === "-")) {
      return { detail: `${host.unicode} starts with our domain ${z.host.unicode}, but the site is ${registrable}`, target: z.host.unicode };
    }
  }
  const hit = findNeedle(host.unicode, official.needles.map((n) => n.needle));
  if (!hit) return null;
  const entry = official.needles.find((n) => n.needle === hit)!;
  return { detail: `${host.unicode} contains our name "${hit.label}", but the site is ${registrable}`, target: describeNeedle(official, entry) };
}
