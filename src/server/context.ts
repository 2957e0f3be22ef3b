// Ctx is passed explicitly to every command: no module-level db, env or clock.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Dialect, DbExecutor } from "./db/connect.ts";
import type { Kysely } from "kysely";
import type { Database } from "./db/schema.ts";
import { runInTransactionScope } from "./db/transaction-scope.ts";
import type { Signer } from "./security/signer.ts";
import type { ExportKey } from "./security/export-key.ts";
import type { Vault } from "./security/vault.ts";
import type { BlobStore } from "./storage/blob-store.ts";
import type { RelayMailer } from "./outbound/relay.ts";
import type { MessageWork } from "./ingest/work/message-work.ts";
import type { VirusScanner } from "./security/clamd-scanner.ts";

export type Actor = { kind: "agent" | "customer" | "system"; id: string | null; agent?: import("./modules/access/access.policy.ts").AgentAccess };

/** Long-lived collaborators built once at start. */
export type Services = {
  config: Config;
  blobs: BlobStore;
  vault: Vault;
  signer: Signer;
  /** Signs evidence exports (Ed25519); its public half is published on the help centre. */
  exportKey: ExportKey;
  /** Delivers composed mail to the relay; null keeps mail in the local outbox. */
  relay: RelayMailer | null;
  /** DNS lookups for SPF/DKIM/DMARC; tests inject their own records (there is no DNS in a sandbox). */
  dnsResolver?: (name: string, rrtype: string) => Promise<unknown>;
  /** Sender authentication, decoding and redaction: on worker threads, or in this thread. */
  work: MessageWork;
  /** clamd, when `virusScan` is configured: every received or uploaded file passes it before it is stored. */
  virusScanner: VirusScanner | null;
  /** Tests only: lets the image proxy fetch from loopback and private addresses (never set in production). */
  imageProxyAllowPrivate?: boolean;
  /** Tells an in-process worker that new jobs are due (no-op when the worker runs elsewhere). */
  wakeWorker(): void;
  /** An SMTP client is handing over mail: an in-process worker gives acceptance the right of way a moment. */
  smtpIntakeUnderway(): void;
  /** Resolves once every commit so far is on disk, redoable ones too (db/write-durability.ts): before telling anyone outside what they wrote. */
  syncCommits(): Promise<void>;
};

export type Ctx = {
  db: DbExecutor;
  dialect: Dialect;
  actor: Actor;
  log: Logger;
  clock: Clock;
  requestId: string;
  services: Services;
};

export const systemActor: Actor = { kind: "system", id: null };

export function childCtx(ctx: Ctx, patch: Partial<Pick<Ctx, "actor" | "requestId" | "log">>): Ctx {
  return { ...ctx, requestId: patch.requestId ?? randomUUID(), ...patch };
}

/** Runs fn in one transaction; nested calls reuse the open one. */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return (ctx.db as Kysely<Database>).transaction().execute((trx) => runInTransactionScope(trx, () => fn({ ...ctx, db: trx })));
}

export const nowIso = (ctx: Pick<Ctx, "clock">) => ctx.clock.now().toISOString();
