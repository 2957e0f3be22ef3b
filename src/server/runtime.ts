// Builds everything a PayDesk process needs from a Config: database, storage, secrets, jobs.
// main.ts, the CLI, benchmarks and tests all start here, so they run the same wiring.
import { join } from "node:path";
import type { Logger } from "pino";
import { systemClock, type Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import { systemActor, type Ctx, type Services } from "./context.ts";
import { ensurePrivateDataDir } from "./data-dir.ts";
import { connect, type Connection } from "./db/connect.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { processInboundJob } from "./ingest/process.job.ts";
import { createJobRunner, type JobRunner, type RunnerOptions } from "./jobs/runner.ts";
import { createLogger } from "./logger.ts";
import { syncMailboxes } from "./modules/mailboxes/mailbox.commands.ts";
import { linkRequestJob } from "./modules/tracking/link-request.job.ts";
import { deliverMailJob } from "./outbound/deliver.job.ts";
import { createRelayMailer } from "./outbound/relay.ts";
import { loadOrCreateExportKeyPem, loadOrCreateSecrets } from "./secrets.ts";
import { createExportKey } from "./security/export-key.ts";
import { createClamdScanner } from "./security/clamd-scanner.ts";
import { createSigner } from "./security/signer.ts";
import { guardedScanner } from "./modules/alerts/scanner-alert.ts";
import { createVault } from "./security/vault.ts";
import { createLocalDiskStore } from "./storage/local-disk-store.ts";
import { createTieredStore } from "./storage/tiered-store.ts";
import { inThreadWork } from "./ingest/work/message-work.ts";
import { workPool } from "./ingest/work/work-pool.ts";
import { cachingResolver } from "./ingest/sender-auth/dns-cache.ts";
import { promises as dns } from "node:dns";

export type Runtime = {
  ctx: Ctx;
  connection: Connection;
  runner: JobRunner;
  close(): Promise<void>;
};

export type RuntimeOptions = {
  clock?: Clock;
  log?: Logger;
  /** PostgreSQL schema (tests isolate themselves). */
  pgSchema?: string;
  dnsResolver?: Services["dnsResolver"];
  runner?: RunnerOptions;
};

export const allJobs = [processInboundJob, deliverMailJob, linkRequestJob];

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? createLogger(config.logLevel);
  ensurePrivateDataDir(config.dataDir);
  const secrets = loadOrCreateSecrets(config);
  const vault = createVault(secrets.vaultKey);
  const connection = connect({
    url: config.databaseUrl ?? join(config.dataDir, "paydesk.sqlite"), schema: options.pgSchema,
    onSyncError: (err) => log.error({ err: err.message }, "syncing the database's write-ahead log failed"),
  });
  await migrateToLatest(connection.db, connection.dialect, options.pgSchema);
  const relay = config.relay ? createRelayMailer(config.relay) : null;
  let runner: JobRunner | null = null;
  const resolver = cachingResolver(options.dnsResolver ?? ((name, rrtype) => dns.resolve(name, rrtype)));
  const services: Services = {
    config,
    blobs: createTieredStore({
      db: connection.db, vault, inlineMaxBytes: config.storage.inlineMaxBytes,
      external: createLocalDiskStore(join(config.dataDir, "blobs"), vault),
    }),
    vault,
    signer: createSigner(secrets.signingSecret),
    exportKey: createExportKey(loadOrCreateExportKeyPem(config)),
    relay,
    dnsResolver: options.dnsResolver,
    work: config.worker.threads > 0 ? workPool(config.worker.threads, resolver) : inThreadWork(resolver),
    virusScanner: config.virusScan ? guardedScanner(createClamdScanner(config.virusScan.clamd, config.virusScan.timeoutMs), () => ctx) : null,
    wakeWorker: () => runner?.wake(),
    syncCommits: () => connection.syncCommits(),
    smtpIntakeUnderway: () => runner?.yieldToIntake(),
  };
  const ctx: Ctx = {
    db: connection.db, dialect: connection.dialect, actor: systemActor, log, clock: options.clock ?? systemClock,
    requestId: "runtime", services,
  };
  await syncMailboxes(ctx, config.mailboxes);
  runner = createJobRunner(ctx, allJobs, { concurrency: config.worker.concurrency, ...options.runner });
  const started = runner;
  return {
    ctx,
    connection,
    runner: started,
    async close() {
      await started.stop();
      relay?.close();
      await services.work.close();
      await connection.close();
    },
  };
}
