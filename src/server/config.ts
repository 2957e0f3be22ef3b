// The only reader of process.env. One schema, every key documented in docs/configuration.md.
// Sources, later wins: built-in defaults < paydesk.config.json < environment variables.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { availableParallelism } from "node:os";
import { z } from "zod";

const mailboxSchema = z.object({
  address: z.string().email("must be an e-mail address").transform((a) => a.toLowerCase()),
  name: z.string().min(1).default("Support"),
});

const imapAccountSchema = z.object({
  name: z.string().min(1),
  host: z.string().min(1),
  port: z.number().int().positive().default(993),
  secure: z.boolean().default(true),
  user: z.string().min(1),
  password: z.string().min(1),
  folder: z.string().default("INBOX"),
  /** Move processed messages here; leave unset to keep them in place (the cursor prevents re-import). */
  moveTo: z.string().optional(),
  /** The support address this mailbox receives for; defaults to the first configured mailbox. */
  mailbox: z.string().email().optional(),
  pollSeconds: z.number().int().min(5).default(60),
  /** Take in the mail already in the folder on the first pass; by default only mail arriving after it. */
  importExisting: z.boolean().default(false),
  /** Also keep a session in IDLE, so new mail is taken in at once; polling stays as the fallback. */
  idle: z.boolean().default(true),
  /** Skip TLS certificate checks (self-signed test servers only). */
  insecureTls: z.boolean().default(false),
});

/** One per core beyond the first (the main thread keeps the I/O and SQL), at least one, at most four. */
function defaultWorkThreads(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

/** An absolute Unix socket path, or host:port with a hostname, IPv4 or [IPv6] address. */
function isClamdEndpoint(v: string): boolean {
  if (/^\/\S+$/.test(v)) return true;
  const port = /^(?:\[[^\]\s]+\]|[^\s:/[\]]+):(\d{1,5})$/.exec(v)?.[1];
  return port !== undefined && Number(port) >= 1 && Number(port) <= 65535;
}

const configSchema = z.object({
  dataDir: z.string().default("./data"),
  storage: z
    .object({
      /** Blobs up to this size are kept (sealed) in the database, larger ones under dataDir/blobs. */
      inlineMaxBytes: z.number().int().min(0).max(16 * 1024 * 1024).default(1024 * 1024),
    })
    .prefault({}),
  databaseUrl: z.string().optional(),
  publicUrl: z.string().url().default("http://localhost:8080"),
  services: z
    .array(z.enum(["web", "worker", "smtp", "imap"]))
    .min(1, "name at least one service")
    .default(["web", "worker", "smtp", "imap"]),
  http: z.object({ host: z.string().default("0.0.0.0"), port: z.number().int().min(0).max(65535).default(8080) }).default({ host: "0.0.0.0", port: 8080 }),
  smtp: z
    .object({
      host: z.string().default("0.0.0.0"),
      port: z.number().int().min(0).max(65535).default(2525),
      hostname: z.string().default("paydesk.local"),
      maxMessageBytes: z.number().int().positive().default(25 * 1024 * 1024),
      maxConnectionsPerClient: z.number().int().positive().default(10),
      maxMessagesPerClientPerMinute: z.number().int().positive().default(120),
      tlsKeyFile: z.string().optional(),
      tlsCertFile: z.string().optional(),
    })
    .prefault({}),
  /** Shown to customers in mail and pages. */
  companyName: z.string().min(1).default("PayDesk"),
  ticketPrefix: z.string().regex(/^[A-Z]{1,6}$/, "must be 1-6 capital letters").default("PD"),
  mailboxes: z.array(mailboxSchema).min(1, "configure at least one support mailbox").default([{ address: "support@example.com", name: "Support" }]),
  relay: z
    .object({
      url: z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://"),
      /** Accept self-signed relay certificates (test relays only). */
      insecureTls: z.boolean().default(false),
    })
    .optional(),
  dkim: z.object({ domain: z.string().min(1), selector: z.string().min(1), privateKeyFile: z.string().min(1) }).optional(),
  /** Every received or uploaded file goes past ClamAV's daemon before it is stored. Off when unset. */
  virusScan: z
    .object({
      clamd: z.string().refine(isClamdEndpoint, "must be clamd's socket path (/run/clamav/clamd.ctl) or host:port (127.0.0.1:3310)"),
      /**
       * One file's scan, all told. Above clamd's MaxScanTime (120 s by default) so clamd's own verdict
       * comes first; past it a file is held back as unscannable if clamd still answers, else the message waits.
       */
      timeoutMs: z.number().int().positive().default(150_000),
    })
    .optional(),
  imap: z.array(imapAccountSchema).default([]),
  webhookSecret: z.string().min(16, "must be at least 16 characters").optional(),
  /** Secret for signed reply addresses and Message-IDs. Generated into dataDir on first start when unset. */
  signingSecret: z.string().min(32, "must be at least 32 characters").optional(),
  /** AES-256-GCM key (64 hex chars) for raw mail and blobs at rest. Generated into dataDir when unset. */
  vaultKey: z.string().regex(/^[0-9a-f]{64}$/i, "must be 64 hexadecimal characters").optional(),
  /** Ed25519 private key (PKCS#8 PEM file) that signs evidence exports. Generated as dataDir/export-key.pem when unset. */
  exportKeyFile: z.string().min(1).optional(),
  acknowledgements: z
    .object({
      enabled: z.boolean().default(true),
      maxPerAddressPerHour: z.number().int().min(0).default(3),
      firstResponseHours: z.number().positive().default(24),
      /** No acknowledgement for mail that sat in a polled mailbox longer than this before it was taken in. */
      maxAgeHours: z.number().positive().default(72),
    })
    .prefault({}),
  worker: z
    .object({
      /** Jobs processed side by side (one sender's mail always in order). */
      concurrency: z.number().int().min(1).max(64).default(8),
      /** Threads that decode, authenticate and redact mail beside the main thread; 0 does it on the main thread. */
      threads: z.number().int().min(0).max(32).default(defaultWorkThreads()),
    })
    .prefault({}),
  intake: z
    .object({
      /** More messages than this from one sender within 10 minutes are held for review. */
      burstLimitPer10Minutes: z.number().int().positive().default(20),
    })
    .prefault({}),
  /** Ticket tracking without an account: how long a mailed magic link works, and the browser session it opens. */
  tracking: z
    .object({
      linkDays: z.number().positive().default(7),
      sessionMinutes: z.number().int().min(5).default(120),
    })
    .prefault({}),
  /** Console sign-in sessions: idle timeout and absolute lifetime. */
  sessions: z
    .object({
      idleMinutes: z.number().int().min(1).default(30),
      absoluteHours: z.number().positive().default(12),
    })
    .prefault({}),
  /** Who must use two-factor sign-in: admins only, or every agent. */
  requireTotpFor: z.enum(["admins", "everyone"]).default("admins"),
  /** The public contact form (/contact): spam protection and where its requests go. */
  webForm: z
    .object({
      /** Hold requests from addresses that never wrote before until the sender clicks a link mailed to them. */
      confirmNewAddresses: z.boolean().default(true),
      /** How long a held request waits for that click before it is recorded as unconfirmed. */
      confirmHours: z.number().positive().default(72),
      /** Complaints sent through the form go to this support mailbox (one of `mailboxes`); the rest to the first. */
      complaintsMailbox: z.string().email("must be an e-mail address").transform((a) => a.toLowerCase()).optional(),
      maxPerIpPer10Minutes: z.number().int().positive().default(10),
      maxPerAddressPerHour: z.number().int().positive().default(5),
      /** Forms sent faster than this after the page was shown are treated as automated. */
      minFillSeconds: z.number().min(0).default(3),
    })
    .prefault({}),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
}).superRefine((config, issue) => {
  // Caught at start rather than when the poller first runs.
  const addresses = new Set(config.mailboxes.map((m) => m.address));
  if (config.webForm.complaintsMailbox && !addresses.has(config.webForm.complaintsMailbox)) {
    issue.addIssue({ code: "custom", path: ["webForm", "complaintsMailbox"], message: `${config.webForm.complaintsMailbox} is not one of the configured mailboxes` });
  }
  const names = new Set<string>();
  config.imap.forEach((account, i) => {
    if (names.has(account.name)) issue.addIssue({ code: "custom", path: ["imap", i, "name"], message: `"${account.name}" is used by another IMAP account` });
    names.add(account.name);
    if (account.mailbox && !addresses.has(account.mailbox.toLowerCase())) {
      issue.addIssue({ code: "custom", path: ["imap", i, "mailbox"], message: `${account.mailbox} is not one of the configured mailboxes` });
    }
  });
});

export type Config = z.infer<typeof configSchema>;
export type ImapAccountConfig = z.infer<typeof imapAccountSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`PayDesk configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

type Env = Record<string, string | undefined>;

/** Reads environment variables into the same shape as the config file. */
function fromEnv(env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (path: string[], value: unknown) => {
    let node = out as Record<string, unknown>;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = value;
  };
  const num = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);
  const pairs: [string, string[], (v: string) => unknown][] = [
    ["PAYDESK_DATA_DIR", ["dataDir"], String],
    ["DATABASE_URL", ["databaseUrl"], String],
    ["PAYDESK_PUBLIC_URL", ["publicUrl"], String],
    ["PAYDESK_SERVICES", ["services"], (v) => v.split(",").map((s) => s.trim()).filter(Boolean)],
    ["PAYDESK_HTTP_HOST", ["http", "host"], String],
    ["PAYDESK_HTTP_PORT", ["http", "port"], num],
    ["PAYDESK_SMTP_HOST", ["smtp", "host"], String],
    ["PAYDESK_SMTP_PORT", ["smtp", "port"], num],
    ["PAYDESK_SMTP_HOSTNAME", ["smtp", "hostname"], String],
    ["PAYDESK_SMTP_MAX_BYTES", ["smtp", "maxMessageBytes"], num],
    ["PAYDESK_SMTP_TLS_KEY", ["smtp", "tlsKeyFile"], String],
    ["PAYDESK_SMTP_TLS_CERT", ["smtp", "tlsCertFile"], String],
    ["PAYDESK_COMPANY_NAME", ["companyName"], String],
    ["PAYDESK_TICKET_PREFIX", ["ticketPrefix"], String],
    ["PAYDESK_SUPPORT_ADDRESS", ["mailboxes"], (v) => v.split(",").map((address) => ({ address: address.trim() }))],
    ["PAYDESK_RELAY_URL", ["relay", "url"], String],
    ["PAYDESK_CLAMD", ["virusScan", "clamd"], String],
    ["PAYDESK_WEBHOOK_SECRET", ["webhookSecret"], String],
    ["PAYDESK_SIGNING_SECRET", ["signingSecret"], String],
    ["PAYDESK_VAULT_KEY", ["vaultKey"], String],
    ["PAYDESK_EXPORT_KEY_FILE", ["exportKeyFile"], String],
    ["PAYDESK_LOG_LEVEL", ["logLevel"], String],
  ];
  for (const [name, path, convert] of pairs) {
    const value = env[name];
    if (value !== undefined && value !== "") set(path, convert(value));
  }
  return out;
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      v && typeof v === "object" && !Array.isArray(v) && prev && typeof prev === "object" && !Array.isArray(prev)
        ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** Validates raw input; throws ConfigError listing every problem at once. */
export function parseConfig(input: unknown): Config {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const file = resolve(cwd, env.PAYDESK_CONFIG ?? "paydesk.config.json");
  let fileValues: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      fileValues = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError([`${file}: not valid JSON (${(err as Error).message})`]);
    }
  } else if (env.PAYDESK_CONFIG) {
    throw new ConfigError([`PAYDESK_CONFIG points to ${file}, which does not exist`]);
  }
  const config = parseConfig(deepMerge(fileValues, fromEnv(env)));
  return { ...config, dataDir: resolve(cwd, config.dataDir) };
}
