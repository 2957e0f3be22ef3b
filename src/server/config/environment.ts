// Environment variables: which setting each one sets, and which PAYDESK_* names we know at all.
import { closestName } from "./did-you-mean.ts";

export type Env = Record<string, string | undefined>;

type Variable = { name: string; path: string[]; read: (value: string) => unknown };

/** Digits become a number; anything else stays text, so the error can quote what was written. */
const wholeNumber = (value: string) => (/^\d+$/.test(value) ? Number(value) : value);
const list = (value: string) => value.split(",").map((item) => item.trim()).filter(Boolean);

const variables: Variable[] = [
  { name: "PAYDESK_DATA_DIR", path: ["dataDir"], read: String },
  { name: "DATABASE_URL", path: ["databaseUrl"], read: String },
  { name: "PAYDESK_PUBLIC_URL", path: ["publicUrl"], read: String },
  { name: "PAYDESK_SERVICES", path: ["services"], read: list },
  { name: "PAYDESK_HTTP_HOST", path: ["http", "host"], read: String },
  { name: "PAYDESK_HTTP_PORT", path: ["http", "port"], read: wholeNumber },
  { name: "PAYDESK_TRUST_PROXY", path: ["http", "trustProxy"], read: list },
  { name: "PAYDESK_SMTP_HOST", path: ["smtp", "host"], read: String },
  { name: "PAYDESK_SMTP_PORT", path: ["smtp", "port"], read: wholeNumber },
  { name: "PAYDESK_SMTP_HOSTNAME", path: ["smtp", "hostname"], read: String },
  { name: "PAYDESK_SMTP_MAX_BYTES", path: ["smtp", "maxMessageBytes"], read: wholeNumber },
  { name: "PAYDESK_SMTP_TLS_KEY", path: ["smtp", "tlsKeyFile"], read: String },
  { name: "PAYDESK_SMTP_TLS_CERT", path: ["smtp", "tlsCertFile"], read: String },
  { name: "PAYDESK_COMPANY_NAME", path: ["companyName"], read: String },
  { name: "PAYDESK_TICKET_PREFIX", path: ["ticketPrefix"], read: String },
  { name: "PAYDESK_SUPPORT_ADDRESS", path: ["mailboxes"], read: (v) => list(v).map((address) => ({ address })) },
  { name: "PAYDESK_RELAY_URL", path: ["relay", "url"], read: String },
  { name: "PAYDESK_CLAMD", path: ["virusScan", "clamd"], read: String },
  { name: "PAYDESK_WEBHOOK_SECRET", path: ["webhookSecret"], read: String },
  { name: "PAYDESK_SIGNING_SECRET", path: ["signingSecret"], read: String },
  { name: "PAYDESK_VAULT_KEY", path: ["vaultKey"], read: String },
  { name: "PAYDESK_EXPORT_KEY_FILE", path: ["exportKeyFile"], read: String },
  { name: "PAYDESK_LOG_LEVEL", path: ["logLevel"], read: String },
];

/**
 * PAYDESK_* names that set no setting but are read all the same: where the file is, and the test,
 * benchmark and end-to-end tooling, whose variables reach the PayDesk processes it starts.
 */
export const otherVariables = [
  "PAYDESK_CONFIG",
  "PAYDESK_REQUIRE_SERVICES", "PAYDESK_TEST_DATABASE_URL", "PAYDESK_BENCH_DATABASE_URL", "PAYDESK_CORPORA",
  "PAYDESK_CHILD_CONFIG", "PAYDESK_CHILD_PG_SCHEMA", "PAYDESK_DOVECOT_BIN", "PAYDESK_CLAMD_BIN",
];

export const knownVariables = [...variables.map((v) => v.name), ...otherVariables];

/** The variable that sets the setting at `path` ("smtp.port" → PAYDESK_SMTP_PORT), if there is one. */
export function variableFor(path: string): string | undefined {
  return variables.find((v) => v.path.join(".") === path)?.name;
}

export type SettingsFromEnv = {
  /** The same shape as the config file. */
  values: Record<string, unknown>;
  /** The variable that set the setting at `path` or a group around it. */
  variableAt(path: readonly PropertyKey[]): string | undefined;
};

export function settingsFromEnv(env: Env): SettingsFromEnv {
  const values: Record<string, unknown> = {};
  const used = variables.filter((v) => env[v.name] !== undefined && env[v.name] !== "");
  for (const { name, path, read } of used) {
    let group = values;
    for (const key of path.slice(0, -1)) group = (group[key] ??= {}) as Record<string, unknown>;
    group[path[path.length - 1]!] = read(env[name]!);
  }
  return {
    values,
    variableAt: (path) => used.find((v) => v.path.every((key, i) => key === path[i]))?.name,
  };
}

/** A PAYDESK_* variable we do not read is most likely a misspelt one that would be silently ignored. */
export function unknownVariableProblems(env: Env): string[] {
  const prefix = "PAYDESK_";
  const known = knownVariables.filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length));
  return Object.keys(env)
    .filter((name) => name.startsWith(prefix) && !knownVariables.includes(name))
    .sort()
    .map((name) => {
      const meant = closestName(name.slice(prefix.length), known);
      return `unknown variable ${name}${meant ? ` — did you mean ${prefix}${meant}?` : " (see docs/configuration.md)"}`;
    });
}
