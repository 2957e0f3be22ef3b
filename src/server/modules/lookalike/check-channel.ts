// "Is this really us?": one pasted address, link, domain or phone number against the official registry.
import { findNeedle } from "./brand.ts";
import { parseChannelInput, parseHost, type Host } from "./domain.ts";
import { allowedEdits, editDistance } from "./edit-distance.ts";
import { readHeaderChannels, type HeaderSource } from "./header-fields.ts";
import { assessHost } from "./host-rules.ts";
import { compileOfficial, describeNeedle, type CompiledOfficial } from "./official.ts";
import { formatPhone, isNearPhone, isSamePhone, type PhoneNumber } from "./phone.ts";
import { isResemblance, type ChannelCheck, type ChannelKind, type OfficialChannels, type Reason, type Verdict } from "./types.ts";

export type { ChannelCheck, OfficialChannels, Reason, Verdict } from "./types.ts";

export type HeaderCheck = {
  items: { source: HeaderSource; value: string; check: ChannelCheck }[];
  /** lookalike, then not_ours, then official; null when the text held no address or link. */
  worst: Verdict | null;
};

export function checkChannel(input: string, official: OfficialChannels): ChannelCheck {
  return checkAgainst(input, compileOfficial(official));
}

/** Checks From, Reply-To, Return-Path, Sender and every link in a pasted e-mail. */
export function checkHeaders(rawHeadersText: string, official: OfficialChannels): HeaderCheck {
  const compiled = compileOfficial(official);
  const items = readHeaderChannels(rawHeadersText).map(({ source, value }) => ({ source, value, check: checkAgainst(value, compiled) }));
  const rank: Record<Verdict, number> = { official: 0, not_ours: 1, lookalike: 2 };
  let worst: Verdict | null = null;
  for (const item of items) if (worst === null || rank[item.check.verdict] > rank[worst]) worst = item.check.verdict;
  return { items, worst };
}

/** The same check with the registry prepared once, for callers that check many values. */
export function checkAgainst(input: string, official: CompiledOfficial): ChannelCheck {
  const parsed = parseChannelInput(input);
  switch (parsed.kind) {
    case "domain": {
      const found = assessHost(parsed.host, official);
      return conclude("domain", found, hostDisplay(parsed.host));
    }
    case "url":
      return checkUrl(parsed.host, parsed.userinfo, { ascii: parsed.ascii, unicode: parsed.unicode }, official);
    case "email":
      return checkEmail(parsed.local, parsed.host, parsed.displayName, official);
    case "phone":
      return checkPhone(parsed.phone, official);
    case "unknown":
      return {
        kind: "unknown",
        verdict: "not_ours",
        reasons: [{ code: "unrecognised", detail: "not an e-mail address, web address, domain or phone number" }],
        display: { ascii: parsed.text, unicode: parsed.text },
      };
  }
}

type Finding = { matched?: string; resembles?: string; reasons: Reason[] };

function conclude(kind: ChannelKind, found: Finding, display: ChannelCheck["display"]): ChannelCheck {
  if (found.matched !== undefined) {
    return { kind, verdict: "official", matched: found.matched, reasons: found.reasons, display };
  }
  const lookalike = found.reasons.some((r) => isResemblance(r.code));
  return {
    kind,
    verdict: lookalike ? "lookalike" : "not_ours",
    ...(lookalike && found.resembles !== undefined ? { resembles: found.resembles } : {}),
    reasons: found.reasons,
    display,
  };
}

function hostDisplay(host: Host): ChannelCheck["display"] {
  return { ascii: host.ascii, unicode: host.unicode };
}

function checkUrl(host: Host, userinfo: string | null, display: ChannelCheck["display"], official: CompiledOfficial): ChannelCheck {
  const found = assessHost(host, official);
  if (found.matched === undefined && userinfo) {
    // https://okpay.com@evil.io/: browsers treat everything before "@" as a user name and open evil.io.
    const claimed = userinfo.split(":")[0]!.replace(/[/\\]+$/, "");
    const claimedHost = parseHost(claimed);
    const claimedCheck = claimedHost ? assessHost(claimedHost, official) : null;
    const target = claimedCheck?.matched ?? claimedCheck?.resembles ?? needleTarget(claimed, official);
    if (target !== undefined) {
      found.reasons.unshift({ code: "userinfo_trick", detail: `the link shows "${claimed}" before "@", but it opens ${host.unicode}` });
      found.resembles ??= target;
    }
  }
  return conclude("url", found, display);
}

function checkEmail(local: string, host: Host, displayName: string | null, official: CompiledOfficial): ChannelCheck {
  const display = { ascii: `${local}@${host.ascii}`, unicode: `${local}@${host.unicode}` };
  const listed = official.emails.find((e) => e.local === local && e.host.ascii === host.ascii);
  if (listed) return conclude("email", { matched: listed.listed, reasons: [] }, display);

  const found = assessHost(host, official);
  if (found.matched !== undefined) {
    if (official.emails.length > 0) {
      found.reasons.push({ code: "unlisted_address", detail: `${host.unicode} is ours, but ${local}@ is not one of the support addresses we publish` });
    }
    return conclude("email", found, display);
  }

  // An official address at a shared provider (okpay_kefu@163.com): a near-identical mailbox there imitates it.
  for (const e of official.emails) {
    if (e.host.ascii !== host.ascii) continue;
    const edits = editDistance(local, e.local);
    if (edits <= allowedEdits(Array.from(e.local).length)) {
      found.reasons.push({ code: "edit_distance", detail: `${local}@${host.unicode} is ${edits} ${edits === 1 ? "edit" : "edits"} away from our address ${e.listed}` });
      found.resembles ??= e.listed;
      break;
    }
  }
  const inLocal = needleTarget(local, official);
  if (inLocal !== undefined) {
    found.reasons.push({ code: "brand_embedded", detail: `the part before "@" uses our name, but ${host.unicode} is not our domain` });
    found.resembles ??= inLocal;
  }
  const inName = displayName ? needleTarget(displayName, official) : undefined;
  if (inName !== undefined) {
    found.reasons.push({ code: "display_name_brand", detail: `the sender calls itself "${displayName}", but ${host.unicode} is not our domain` });
    found.resembles ??= inName;
  }
  return conclude("email", found, display);
}

function checkPhone(phone: PhoneNumber, official: CompiledOfficial): ChannelCheck {
  const shown = formatPhone(phone);
  const display = { ascii: shown, unicode: shown };
  const same = official.phones.find((p) => isSamePhone(phone, p.phone));
  if (same) return conclude("phone", { matched: same.listed, reasons: [] }, display);
  const near = official.phones.find((p) => isNearPhone(phone, p.phone));
  if (near) {
    const detail = `${shown} differs by one digit (or the country code) from our number ${near.listed}`;
    return conclude("phone", { resembles: near.listed, reasons: [{ code: "near_number", detail }] }, display);
  }
  return conclude("phone", { reasons: [] }, display);
}

function needleTarget(text: string, official: CompiledOfficial): string | undefined {
  const hit = findNeedle(text, official.needles.map((n) => n.needle));
  if (!hit) return undefined;
  return describeNeedle(official, official.needles.find((n) => n.needle === hit)!);
}
