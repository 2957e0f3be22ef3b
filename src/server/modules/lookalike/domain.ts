// Host names as people paste them: IDNA to both forms, registrable domain, and what kind of input it is.
import { domainToASCII, domainToUnicode } from "node:url";
import { MULTI_LABEL_SUFFIXES } from "./public-suffixes.ts";
import { looksLikePhone, parsePhone, type PhoneNumber } from "./phone.ts";

export type Host = {
  /** Lowercase, punycode (`xn--`) labels, no trailing dot. */
  ascii: string;
  /** The same host with `xn--` labels decoded. */
  unicode: string;
  isIp: boolean;
};

export type Registrable = {
  /** Public suffix, e.g. `com` or `com.cn` (unicode form). */
  suffix: string;
  /** The label just left of the suffix: the name someone registered. */
  name: string;
  /** `name.suffix`. */
  domain: string;
  /** Labels left of the registrable domain. */
  subdomain: string[];
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const ASCII_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** IDNA (UTS #46) mapping as browsers apply it: case, full-width forms and `。` are folded here. */
export function parseHost(raw: string, options: { allowSingleLabel?: boolean } = {}): Host | null {
  let text = raw.trim();
  if (text.startsWith("[") && text.endsWith("]")) return { ascii: text.toLowerCase(), unicode: text.toLowerCase(), isIp: true };
  text = text.replace(/[.\u3002\uff0e\uff61]+$/u, "");
  if (!text || text.length > 253 * 4) return null;
  const ascii = domainToASCII(text);
  if (!ascii || ascii.length > 253) return null;
  if (IPV4.test(ascii)) return { ascii, unicode: ascii, isIp: true };
  const labels = ascii.split(".");
  if (labels.length < 2 && !options.allowSingleLabel) return null;
  if (!labels.every((l) => ASCII_LABEL.test(l))) return null;
  if (/^\d+$/.test(labels[labels.length - 1]!)) return null;
  const unicode = domainToUnicode(ascii) || ascii;
  return { ascii, unicode, isIp: false };
}

export function splitRegistrable(host: string): Registrable {
  const labels = host.split(".");
  const lastTwo = labels.slice(-2).join(".");
  const suffixLabels = labels.length > 2 && MULTI_LABEL_SUFFIXES.has(lastTwo) ? 2 : 1;
  const suffix = labels.slice(-suffixLabels).join(".");
  const rest = labels.slice(0, -suffixLabels);
  const name = rest[rest.length - 1] ?? "";
  return {
    suffix,
    name,
    domain: name ? `${name}.${suffix}` : suffix,
    subdomain: rest.slice(0, -1),
  };
}

/** `host` is `zone` or lies under it (both ASCII). */
export function isWithin(host: string, zone: string): boolean {
  return host === zone || host.endsWith("." + zone);
}

export type ParsedInput =
  | { kind: "email"; local: string; host: Host; displayName: string | null }
  | { kind: "domain"; host: Host }
  | { kind: "url"; host: Host; userinfo: string | null; ascii: string; unicode: string }
  | { kind: "phone"; phone: PhoneNumber }
  | { kind: "unknown"; text: string };

const MAX_INPUT = 2048;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const WEB_SCHEMES = new Set(["http", "https", "ftp", "ws", "wss"]);

/** Decide what the customer pasted and parse it; anything unclear is `unknown`, never a guess. */
export function parseChannelInput(input: string): ParsedInput {
  let text = input.trim();
  if (!text || text.length > MAX_INPUT) return { kind: "unknown", text: text.slice(0, 200) };
  text = stripWrapping(text);

  if (/^mailto:/i.test(text)) return parseEmail(text.slice(7).split("?")[0]!, null, input);
  if (/^tel:/i.test(text)) {
    const phone = parsePhone(text);
    return phone ? { kind: "phone", phone } : { kind: "unknown", text };
  }
  if (SCHEME.test(text)) return parseUrl(text, input);

  const named = /^(.*?)\s*<([^<>]+@[^<>]+)>$/s.exec(text);
  if (named) return parseEmail(named[2]!, named[1]!.trim().replace(/^"(.*)"$/s, "$1").trim() || null, input);

  if (looksLikePhone(text)) {
    const phone = parsePhone(text);
    if (phone) return { kind: "phone", phone };
  }
  if (!/\s/.test(text) && text.includes("@") && !/[/?#]/.test(text)) return parseEmail(text, null, input);
  if (!/\s/.test(text) && /[/?#:\\]/.test(text)) return parseUrl("http://" + text, input);
  if (!/\s/.test(text)) {
    const host = parseHost(text);
    if (host) return { kind: "domain", host };
  }
  return { kind: "unknown", text };
}

function stripWrapping(text: string): string {
  let out = text;
  for (;;) {
    const before = out;
    if (/^<[^<>]*>$/.test(out) || /^"[^"]*"$/.test(out) || /^'[^']*'$/.test(out) || /^\([^()]*\)$/.test(out)) out = out.slice(1, -1).trim();
    // Sentence punctuation pasted along with a link or address.
    out = out.replace(/[.,;!?。，；！？]+$/u, "");
    if (out.endsWith(")") && !out.includes("(")) out = out.slice(0, -1);
    if (out === before) return out;
  }
}

function parseEmail(address: string, displayName: string | null, original: string): ParsedInput {
  const at = address.lastIndexOf("@");
  const local = address.slice(0, at).trim().replace(/^"(.*)"$/s, "$1");
  const host = at > 0 ? parseHost(address.slice(at + 1)) : null;
  if (!local || !host || /\s/.test(local)) return { kind: "unknown", text: original.trim() };
  return { kind: "email", local: local.normalize("NFKC").toLowerCase(), host, displayName };
}

function parseUrl(text: string, original: string): ParsedInput {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: "unknown", text: original.trim() };
  }
  if (!WEB_SCHEMES.has(url.protocol.slice(0, -1))) return { kind: "unknown", text: original.trim() };
  const host = parseHost(url.hostname, { allowSingleLabel: true });
  if (!host) return { kind: "unknown", text: original.trim() };
  const rawUser = url.username + (url.password ? ":" + url.password : "");
  const userinfo = rawUser ? safeDecode(rawUser) : null;
  const auth = rawUser ? rawUser + "@" : "";
  const port = url.port ? ":" + url.port : "";
  const rest = url.pathname + url.search + url.hash;
  return {
    kind: "url",
    host,
    userinfo,
    ascii: `${url.protocol}//${auth}${host.ascii}${port}${rest}`,
    unicode: `${url.protocol}//${auth}${host.unicode}${port}${rest}`,
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
