// HMAC-signed identifiers: reply addresses and Message-IDs that a forger cannot produce.
import { createHmac, timingSafeEqual } from "node:crypto";

const b32 = "abcdefghijklmnopqrstuvwxyz234567";

function base32(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += b32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += b32[(value << (5 - bits)) & 31];
  return out;
}

export type Signer = {
  /** A short lowercase signature of `purpose:value` (80 bits). */
  sign(purpose: string, value: string): string;
  verify(purpose: string, value: string, signature: string): boolean;
};

export function createSigner(secret: string): Signer {
  const sign = (purpose: string, value: string) =>
    base32(createHmac("sha256", secret).update(`${purpose}:${value}`).digest().subarray(0, 10));
  return {
    sign,
    verify(purpose, value, signature) {
      const expected = Buffer.from(sign(purpose, value));
      const given = Buffer.from(signature.toLowerCase());
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
