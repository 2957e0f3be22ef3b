// Test wiring: a real runtime on a temp directory, on SQLite always and on PostgreSQL when reachable.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "node:test";
import pg from "pg";
import pino from "pino";
import { manualClock } from "../clock.ts";
import { parseConfig, type Config } from "../config.ts";
import { openRuntime, type Runtime, type RuntimeOptions } from "../runtime.ts";
import type { Dialect } from "../db/connect.ts";

export const pgUrl = process.env.PAYDESK_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const requireServices = process.env.PAYDESK_REQUIRE_SERVICES === "1";

let pgAvailable: Promise<boolean> | null = null;

export function postgresAvailable(): Promise<boolean> {
  pgAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("select 1");
      return true;
    } catch (err) {
      const notice = `PostgreSQL not reachable at ${pgUrl} (${(err as Error).message})`;
      if (requireServices) throw new Error(`${notice} and PAYDESK_REQUIRE_SERVICES=1`, { cause: err });
      console.warn(`\n*** SKIP: ${notice}: PostgreSQL variants of the tests are skipped ***\n`);
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return pgAvailable;
}

/** Runs a describe block once per available dialect. */
export async function forEachDialect(name: string, fn: (dialect: Dialect) => void): Promise<void> {
  describe(`${name} [sqlite]`, () => fn("sqlite"));
  if (await postgresAvailable()) describe(`${name} [postgres]`, () => fn("postgres"));
}

export type TestRuntime = Runtime & {
  dataDir: string; clock: ReturnType<typeof manualClock>; config: Config;
  /** What opens another runtime on the same data (a second process, a CLI command). */
  options: RuntimeOptions;
};

export const quietLog = pino({ level: "silent" });

/** A private PostgreSQL schema for one runtime; drop it with dropPgSchema. */
export async function createPgSchema(): Promise<string> {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  await pgQuery(`create schema ${schema}`);
  return schema;
}

export async function dropPgSchema(schema: string): Promise<void> {
  await pgQuery(`drop schema ${schema} cascade`);
}

async function pgQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The configuration every test runtime starts from (one support mailbox, fixed secrets, ports 0). */
export function testConfigInput(dialect: Dialect, dataDir: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    dataDir,
    databaseUrl: dialect === "postgres" ? pgUrl : undefined,
    mailboxes: [{ address: "support@example.com", name: "OKPay Support" }],
    ticketPrefix: "OK",
    companyName: "OKPay",
    publicUrl: "https://help.example.com",
    signingSecret: "test-signing-secret-0123456789abcdef",
    vaultKey: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
    logLevel: "silent",
    smtp: { host: "127.0.0.1", port: 0 },
    http: { host: "127.0.0.1", port: 0 },
    // Message work on the main thread: a work thread costs half a second to start in every runtime. Suites
    // that test the threads ask for them (sender-auth.test.ts, work-pool.test.ts, the SMTP end-to-end test).
    worker: { threads: 0 },
    ...overrides,
  };
}

export async function openTestRuntime(
  dialect: Dialect,
  overrides: Record<string, unknown> = {},
  options: RuntimeOptions = {},
): Promise<TestRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), "paydesk-test-"));
  const schema = dialect === "postgres" ? await createPgSchema() : undefined;
  const config = parseConfig(testConfigInput(dialect, dataDir, overrides));
  const clock = manualClock(new Date());
  const runtimeOptions: RuntimeOptions = {
    clock, log: quietLog, pgSchema: schema,
    // No DNS here: every lookup answers "no such record" unless a test brings its own.
    dnsResolver: async (name) => { throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" }); },
    ...options,
  };
  const runtime = await openRuntime(config, runtimeOptions);
  return {
    ...runtime,
    dataDir,
    clock,
    config,
    options: runtimeOptions,
    async close() {
      await runtime.close();
      if (schema) await dropPgSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
