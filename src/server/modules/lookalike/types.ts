// Shapes shared by the lookalike detector's parts. The detector is pure: it reads only its arguments.

/** The channels the company publishes; admins edit them in one registry. */
export type OfficialChannels = {
  domains: string[];
  emails: string[];
  phones: string[];
  brandNames: string[];
};

export type ChannelKind = "email" | "domain" | "url" | "phone" | "unknown";

export type Verdict = "official" | "lookalike" | "not_ours";

/**
 * Stable reason codes. The first group makes a verdict `lookalike` (the input pretends to be ours);
 * the second only explains what was seen (decoded punycode, scripts, raw IP hosts).
 */
export const resemblanceCodes = [
  "confusable",
  "edit_distance",
  "brand_embedded",
  "lookalike_tld",
  "userinfo_trick",
  "near_number",
  "display_name_brand",
] as const;

export const noticeCodes = ["punycode", "mixed_script", "ip_address", "unlisted_address", "unrecognised"] as const;

export type ReasonCode = (typeof resemblanceCodes)[number] | (typeof noticeCodes)[number];

export type Reason = { code: ReasonCode; detail: string };

export type ChannelCheck = {
  kind: ChannelKind;
  verdict: Verdict;
  /** The official channel it is (verdict `official`). */
  matched?: string;
  /** The official channel it imitates (verdict `lookalike`). */
  resembles?: string;
  reasons: Reason[];
  display: { ascii: string; unicode: string };
};

export function isResemblance(code: ReasonCode): boolean {
  return (resemblanceCodes as readonly string[]).includes(code);
}
