// Kinds of setting, each with its rule in plain words. Whatever check a value fails (wrong type, out of
// range), the operator reads the one sentence that says what to write.
import ipaddr from "ipaddr.js";
import { z } from "zod";

/** A whole number from `min` to `max` (no upper bound when `max` is left out). */
export function wholeNumber(min: number, max?: number) {
  const rule = max === undefined ? `must be a whole number of at least ${min}` : `must be a whole number between ${min} and ${max}`;
  const atLeastMin = z.number(rule).int(rule).min(min, rule);
  return max === undefined ? atLeastMin : atLeastMin.max(max, rule);
}

/** A TCP port; 0 lets the system pick a free one. */
export const port = () => wholeNumber(0, 65535);

/** A number of at least `min`, fractions allowed (hours, days, seconds). */
export function number(min: number, { above = false } = {}) {
  const rule = above ? `must be a number above ${min}` : `must be a number of at least ${min}`;
  return above ? z.number(rule).gt(min, rule) : z.number(rule).min(min, rule);
}

export const flag = () => z.boolean("must be true or false");

export const text = () => z.string("must be text in quotes");

export const nonEmptyText = () => z.string("must be text in quotes").min(1, "must not be empty");

/** Stored in lower case, as mailboxes are matched. */
export const emailAddress = () =>
  z.string("must be an e-mail address").email("must be an e-mail address").transform((address) => address.toLowerCase());

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, `must be one of ${values.join(", ")}`);
}

/**
 * Where PayDesk is served: scheme, host and port only. `localhost:8080` or `/support` would put broken links
 * into mail, and PayDesk answers at the root of its host (links are built as <publicUrl>/track/…, /verify),
 * so a path, query, fragment or user name would break them too.
 */
export function isWebAddress(value: string): boolean {
  if (!/^https?:\/\/[^/?#\s]/i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.hostname !== "" && url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password && !/[?#]/.test(value);
  } catch {
    return false;
  }
}

export const webAddress = () =>
  z.string("must be text in quotes").refine(isWebAddress,
    "must be the address PayDesk is served at, starting with http:// or https:// and with no path, query or user name, such as https://help.example.com");

const proxyNames = new Set(["loopback", "linklocal", "uniquelocal"]);

/** What Fastify's trustProxy takes: an address, a CIDR range, or one of the named ranges. */
export const proxyAddress = () =>
  z.string("must be text in quotes").refine(
    (value) => proxyNames.has(value) || ipaddr.isValid(value) || ipaddr.isValidCIDR(value),
    "must be an IP address, a CIDR range such as 10.0.0.0/8, or loopback, linklocal or uniquelocal",
  );
