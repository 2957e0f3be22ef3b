// Every setting PayDesk reads, its kind and default; each is documented in docs/configuration.md.
// Groups are strict: a key that is not listed here is an error, never a silent fallback to the default.
import { availableParallelism } from "node:os";
import { z } from "zod";
import { checkSettingsAgree } from "./cross-checks.ts";
import { emailAddress, flag, nonEmptyText, number, oneOf, port, proxyAddress, text, webAddress, wholeNumber } from "./fields.ts";

const mailboxSchema = z.strictObject({
  address: emailAddress(),
  name: nonEmptyText().default("Support"),
});

export const imapAccountSchema = z.strictObject({
  name: nonEmptyText(),
  host: nonEmptyText(),
  port: wholeNumber(1, 65535).default(993),
  secure: flag().default(true),
  user: nonEmptyText(),
  password: nonEmptyText(),
  folder: text().default("INBOX"),
  /** Move processed messages here; leave unset to keep them in place (the cursor prevents re-import). */
  moveTo: text().optional(),
  /** The support address this mailbox receives for; defaults to the first configured mailbox. */
  mailbox: z.email("must be an e-mail address").optional(),
  pollSeconds: wholeNumber(5).default(60),
  /** Take in the mail already in the folder on the first pass; by default only mail arriving after it. */
  importExisting: flag().default(false),
  /** Also keep a session in IDLE, so new mail is taken in at once; polling stays as the fallback. */
  idle: flag().default(true),
  /** Skip TLS certificate checks (self-signed test servers only). */
  insecureTls: flag().default(false),
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

const services = ["web", "worker", "smtp", "imap"] as const;

export const configSchema = z.strictObject({
  dataDir: text().default("./data"),
  storage: z
    .strictObject({
      /** Blobs up to this size are kept (sealed) in the database, larger ones under dataDir/blobs. */
      inlineMaxBytes: wholeNumber(0, 16 * 1024 * 1024).default(1024 * 1024),
    })
    .prefault({}),
  databaseUrl: text().optional(),
  /** Base of links in mail; unset, it is this machine on the HTTP port (see withDefaultPublicUrl). */
  publicUrl: webAddress().optional(),
  services: z.array(oneOf(services), "must be a list of services").min(1, "name at least one service").default([...services]),
  http: z
    .strictObject({
      host: text().default("0.0.0.0"),
      port: port().default(8080),
      /**
       * Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses, CIDR ranges, or
       * "loopback", "linklocal", "uniquelocal". Empty: none (the connecting address is the client).
       */
      trustProxy: z.array(proxyAddress()).default([]),
    })
    .prefault({}),
  smtp: z
    .strictObject({
      host: text().default("0.0.0.0"),
      port: port().default(2525),
      hostname: text().default("paydesk.local"),
      maxMessageBytes: wholeNumber(1).default(25 * 1024 * 1024),
      maxConnectionsPerClient: wholeNumber(1).default(10),
      maxMessagesPerClientPerMinute: wholeNumber(1).default(120),
      tlsKeyFile: text().optional(),
      tlsCertFile: text().optional(),
    })
    .prefault({}),
  /** Shown to customers in mail and pages. */
  companyName: nonEmptyText().default("PayDesk"),
  ticketPrefix: text().regex(/^[A-Z]{1,6}$/, "must be 1-6 capital letters").default("PD"),
  mailboxes: z
    .array(mailboxSchema, "must be a list of mailboxes")
    .min(1, "configure at least one support mailbox")
    .default([{ address: "support@example.com", name: "Support" }]),
  relay: z
    .strictObject({
      url: text().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://"),
      /** Accept self-signed relay certificates (test relays only). */
      insecureTls: flag().default(false),
    })
    .optional(),
  dkim: z.strictObject({ domain: nonEmptyText(), selector: nonEmptyText(), privateKeyFile: nonEmptyText() }).optional(),
  /** Every received or uploaded file goes past ClamAV's daemon before it is stored. Off when unset. */
  virusScan: z
    .strictObject({
      clamd: text().refine(isClamdEndpoint, "must be clamd's socket path (/run/clamav/clamd.ctl) or host:port (127.0.0.1:3310)"),
      /**
       * One file's scan, all told. Above clamd's MaxScanTime (120 s by default) so clamd's own verdict
       * comes first; past it a file is held back as unscannable if clamd still answers, else the message waits.
       */
      timeoutMs: wholeNumber(1).default(150_000),
      /**
       * A stored file is scanned again before it is handed out once the scanner's signatures changed
       * (official databases name a version) or its last clean scan is older than this.
       */
      rescanAfterHours: wholeNumber(1).default(24),
    })
    .optional(),
  imap: z.array(imapAccountSchema, "must be a list of IMAP accounts").default([]),
  webhookSecret: text().min(16, "must be at least 16 characters").optional(),
  /** Secret for signed reply addresses and Message-IDs. Generated into dataDir on first start when unset. */
  signingSecret: text().min(32, "must be at least 32 characters").optional(),
  /** AES-256-GCM key (64 hex chars) for raw mail and blobs at rest. Generated into dataDir when unset. */
  vaultKey: text().regex(/^[0-9a-f]{64}$/i, "must be 64 hexadecimal characters").optional(),
  /** Ed25519 private key (PKCS#8 PEM file) that signs evidence exports. Generated as dataDir/export-key.pem when unset. */
  exportKeyFile: nonEmptyText().optional(),
  acknowledgements: z
    .strictObject({
      enabled: flag().default(true),
      maxPerAddressPerHour: wholeNumber(0).default(3),
      firstResponseHours: number(0, { above: true }).default(24),
      /** No acknowledgement for mail that sat in a polled mailbox longer than this before it was taken in. */
      maxAgeHours: number(0, { above: true }).default(72),
    })
    .prefault({}),
  worker: z
    .strictObject({
      /** Jobs processed side by side (one sender's mail always in order). */
      concurrency: wholeNumber(1, 64).default(8),
      /** Threads that decode, authenticate and redact mail beside the main thread; 0 does it on the main thread. */
      threads: wholeNumber(0, 32).default(defaultWorkThreads()),
    })
    .prefault({}),
  intake: z
    .strictObject({
      /** More messages than this from one sender within 10 minutes are held for review. */
      burstLimitPer10Minutes: wholeNumber(1).default(20),
    })
    .prefault({}),
  /** Ticket tracking without an account: how long a mailed magic link works, and the browser session it opens. */
  tracking: z
    .strictObject({
      linkDays: number(0, { above: true }).default(7),
      sessionMinutes: wholeNumber(5).default(120),
    })
    .prefault({}),
  /** Console sign-in sessions: idle timeout and absolute lifetime. */
  sessions: z
    .strictObject({
      idleMinutes: wholeNumber(1).default(30),
      absoluteHours: number(0, { above: true }).default(12),
    })
    .prefault({}),
  /** Who must use two-factor sign-in: admins only, or every agent. */
  requireTotpFor: oneOf(["admins", "everyone"]).default("admins"),
  /** The public contact form (/contact): spam protection and where its requests go. */
  webForm: z
    .strictObject({
      /** Hold requests from addresses that never wrote before until the sender clicks a link mailed to them. */
      confirmNewAddresses: flag().default(true),
      /** How long a held request waits for that click before it is recorded as unconfirmed. */
      confirmHours: number(0, { above: true }).default(72),
      /** Complaints sent through the form go to this support mailbox (one of `mailboxes`); the rest to the first. */
      complaintsMailbox: emailAddress().optional(),
      maxPerIpPer10Minutes: wholeNumber(1).default(10),
      maxPerAddressPerHour: wholeNumber(1).default(5),
      /** Forms sent faster than this after the page was shown are treated as automated. */
      minFillSeconds: number(0).default(3),
    })
    .prefault({}),
  logLevel: oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
})
  // Runs even when other settings have errors (it checks for itself which of its settings are usable).
  .superRefine(checkSettingsAgree, { when: () => true })
  .transform(withDefaultPublicUrl);

/** Links in mail follow the HTTP port when no public address is set (PAYDESK_HTTP_PORT=9000 → http://localhost:9000). */
function withDefaultPublicUrl<T extends { publicUrl?: string | undefined; http: { port: number } }>(config: T): T & { publicUrl: string } {
  return { ...config, publicUrl: config.publicUrl ?? `http://localhost:${config.http.port}` };
}

/** Values that must never be echoed back in an error message. */
export const secretSettings = ["databaseUrl", "relay.url", "webhookSecret", "signingSecret", "vaultKey", "imap.*.password"];
