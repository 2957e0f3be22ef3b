// Random bearer tokens for links we mail (tracking, privacy confirmation). Only their SHA-256 is stored,
// so a copy of the database opens nothing.
import { createHash, randomBytes } from "node:crypto";

const alphabet = "abcdefghijklmnopqrstuvwxyz234567";

/** 160 random bits as 32 lowercase base32 characters (safe in URLs and mail clients that break lines). */
export function newLinkToken(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export const isWellFormedLinkToken = (token: string): boolean => /^[a-z2-7]{32}$/.test(token);

export const hashLinkToken = (token: string): string => createHash("sha256").update(`paydesk-link:${token}`).digest("hex");
