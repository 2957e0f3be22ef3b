// AES-256-GCM for everything we keep at rest that may hold a customer's secrets (raw mail, attachments).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const MAGIC = Buffer.from("PDV1");
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type Vault = { seal(plain: Buffer): Buffer; open(sealed: Buffer): Buffer };

export function createVault(hexKey: string): Vault {
  const key = Buffer.from(hexKey, "hex");
  if (key.length !== 32) throw new Error("vault key must be 32 bytes (64 hex characters)");
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      if (sealed.length < MAGIC.length + IV_BYTES + TAG_BYTES || !sealed.subarray(0, 4).equals(MAGIC)) {
        throw new Error("not a sealed PayDesk blob");
      }
      const iv = sealed.subarray(4, 4 + IV_BYTES);
      const tag = sealed.subarray(4 + IV_BYTES, 4 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(4 + IV_BYTES + TAG_BYTES)), decipher.final()]);
    },
  };
}
