// Fetches one remote image for the image proxy, guarded against server-side request forgery:
// http(s) only, every hop's addresses checked after DNS resolution and the connection pinned to the
// checked address (no second lookup to rebind), size and time limits, and only real PNG/JPEG/GIF/WebP bytes.
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { AppError } from "../../errors.ts";
import { sniffContentType } from "../../modules/attachments/sniff.ts";

export const imageTypes = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;

export type RemoteImage = { contentType: string; bytes: Buffer };

export type FetchImageOptions = {
  /** Tests only: loopback and private networks stand in for "the internet". */
  allowPrivateAddresses?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  lookup?: (host: string) => Promise<{ address: string; family: number }[]>;
};

type Resolved = { address: string; family: 4 | 6 };

// Not reachable from the internet, or not meant to be dialled: loopback, private, link-local (cloud
// metadata lives there), shared, multicast, reserved, documentation, and IPv6 forms that embed IPv4.
// BlockList checks IPv4-mapped IPv6 (::ffff:a.b.c.d) against the IPv4 rules itself, so that range is not
// listed (listing it would match every IPv4 address).
const nonPublic = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) nonPublic.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 127], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23],
  ["2001:db8::", 32], ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) nonPublic.addSubnet(net, prefix, "ipv6");

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !nonPublic.check(address, family === 4 ? "ipv4" : "ipv6");
}

async function resolve(host: string, lookup: FetchImageOptions["lookup"]): Promise<Resolved[]> {
  const literal = host.replace(/^\[|\]$/g, "");
  const family = isIP(literal);
  if (family) return [{ address: literal, family: family as 4 | 6 }];
  const found = lookup ? await lookup(literal) : await dnsLookup(literal, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

const refuse = (message: string) => new AppError("not_found", `image not available: ${message}`);

function requestOnce(url: URL, target: Resolved, signal: AbortSignal, maxBytes: number) {
  // Connect to the address that was checked, whatever the name resolves to a moment later.
  const pinned: LookupFunction = (_host, opts, cb) => {
    if (opts.all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  return new Promise<{ status: number; location?: string; bytes?: Buffer; contentType?: string }>((done, fail) => {
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(url, {
      method: "GET",
      signal,
      headers: { "user-agent": "PayDesk-ImageProxy/1.0", accept: imageTypes.join(",") },
      lookup: pinned,
    }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return done({ status, location: res.headers.location });
      }
      if (status !== 200) {
        res.resume();
        return done({ status });
      }
      if (Number(res.headers["content-length"] ?? 0) > maxBytes) {
        res.destroy();
        return fail(refuse("larger than the limit"));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          res.destroy();
          fail(refuse("larger than the limit"));
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => done({ status, bytes: Buffer.concat(chunks), contentType: res.headers["content-type"] }));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}

export async function fetchRemoteImage(rawUrl: string, options: FetchImageOptions = {}): Promise<RemoteImage> {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRedirects = options.maxRedirects ?? 3;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let current = rawUrl;
    for (let hop = 0; hop <= maxRedirects; hop++) {
      let url: URL;
      try {
        url = new URL(current);
      } catch {
        throw new AppError("invalid_input", "image URL is not valid");
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new AppError("invalid_input", "only http and https images are proxied");
      if (url.username || url.password) throw new AppError("invalid_input", "image URLs with credentials are not proxied");
      let addresses: Resolved[];
      try {
        addresses = await resolve(url.hostname, options.lookup);
      } catch {
        throw refuse("host not found");
      }
      if (addresses.length === 0) throw refuse("host not found");
      // One non-public answer is enough to refuse: the connection could otherwise be steered to it.
      if (!options.allowPrivateAddresses && addresses.some((a) => !isPublicAddress(a.address))) {
        throw new AppError("forbidden", "image host is not a public address");
      }
      const res = await requestOnce(url, addresses[0]!, controller.signal, maxBytes).catch((err: unknown) => {
        if (err instanceof AppError) throw err;
        throw refuse(controller.signal.aborted ? "timed out" : "request failed");
      });
      if (res.location) {
        current = new URL(res.location, url).toString();
        continue;
      }
      if (!res.bytes) throw refuse(`remote server answered ${res.status}`);
      const sniffed = sniffContentType(res.bytes);
      if (!sniffed || !(imageTypes as readonly string[]).includes(sniffed)) throw refuse("not a PNG, JPEG, GIF or WebP image");
      return { contentType: sniffed, bytes: res.bytes };
    }
    throw refuse("too many redirects");
  } finally {
    clearTimeout(timer);
  }
}
