// Password hashing: argon2id, 64 MiB, t=3, p=1 (OWASP's recommended profile).
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

const ARGON = { algorithm: 2, memoryCost: 65536, timeCost: 3, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Checked when the account is unknown, so the answer takes as long as for a real account.
let dummy: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(await dummy, password);
  return false;
}
