// Secrets for signing and sealing. Configured explicitly at scale (every process must share them);
// on one machine they are generated once into the data directory, readable by its owner only.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "./config.ts";

export type Secrets = { signingSecret: string; vaultKey: string };

export function loadOrCreateSecrets(config: Config): Secrets {
  if (config.signingSecret && config.vaultKey) return { signingSecret: config.signingSecret, vaultKey: config.vaultKey };
  const file = join(config.dataDir, "secrets.json");
  let stored: Partial<Secrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Partial<Secrets>;
  const secrets: Secrets = {
    signingSecret: config.signingSecret ?? stored.signingSecret ?? randomBytes(32).toString("hex"),
    vaultKey: config.vaultKey ?? stored.vaultKey ?? randomBytes(32).toString("hex"),
  };
  if (stored.signingSecret !== secrets.signingSecret || stored.vaultKey !== secrets.vaultKey) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
