// Secrets for signing and sealing. Configured explicitly at scale (every process must share them);
// on one machine they are generated once into the data directory, readable by its owner only.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "./config.ts";
import { generateExportKeyPem } from "./security/export-key.ts";

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

/** Where the evidence-export signing key lives: the configured file, else `dataDir/export-key.pem`. */
export const exportKeyPath = (config: Config) => config.exportKeyFile ?? join(config.dataDir, "export-key.pem");

/** The export key's private PEM, generated on first start when no file was configured. */
export function loadOrCreateExportKeyPem(config: Config): string {
  const file = exportKeyPath(config);
  if (existsSync(file) || config.exportKeyFile) return readFileSync(file, "utf8");
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // "wx": when two processes start at once, the second keeps the first one's key.
    writeFileSync(file, generateExportKeyPem(), { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return readFileSync(file, "utf8");
}

/** The existing key's PEM, or null: for reading only (verifying), never creates one. */
export function readExportKeyPem(config: Config): string | null {
  const file = exportKeyPath(config);
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}
