// Starting PayDesk when something is in the way: the message says what to change, and nothing is left half done.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { parseConfig } from "./config.ts";
import { StartupError } from "./listen-errors.ts";
import { startPayDesk } from "./main.ts";
import { quietLog, testConfigInput } from "./test/harness.ts";
import { occupyPort } from "./test/ports.ts";

const bin = fileURLToPath(new URL("../../bin/paydesk.mjs", import.meta.url));

describe("starting PayDesk", () => {
  let dataDir: string;
  let taken: { port: number; server: Server };
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "paydesk-start-"));
    taken = await occupyPort();
  });
  after(() => {
    taken.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = (overrides: Record<string, unknown>, lines: string[]) =>
    startPayDesk(parseConfig(testConfigInput("sqlite", dataDir, { services: ["web", "worker", "smtp"], ...overrides })), { log: quietLog, print: (line) => lines.push(line) });

  it("names the service and the setting when a port is taken, and creates the admin only on the start that succeeds", async () => {
    const printed: string[] = [];
    await assert.rejects(start({ http: { host: "127.0.0.1", port: taken.port } }, printed), (err: unknown) => {
      assert.ok(err instanceof StartupError);
      assert.equal(err.message, `HTTP port ${taken.port} is already in use by another program: stop it or set PAYDESK_HTTP_PORT (http.port)`);
      return true;
    });
    // With HTTP already up when SMTP fails: HTTP is closed again, and still no admin.
    await assert.rejects(start({ smtp: { host: "127.0.0.1", port: taken.port } }, printed), {
      message: `SMTP port ${taken.port} is already in use by another program: stop it or set PAYDESK_SMTP_PORT (smtp.port)`,
    });
    assert.ok(!printed.some((line) => /admin/.test(line)), printed.join("\n"));
    // Both taken: both named at once, and nothing announced as listening.
    const other = await occupyPort();
    try {
      const announced: string[] = [];
      await assert.rejects(start({ http: { host: "127.0.0.1", port: taken.port }, smtp: { host: "127.0.0.1", port: other.port } }, announced), {
        message: `HTTP port ${taken.port} is already in use by another program: stop it or set PAYDESK_HTTP_PORT (http.port)\n` +
          `paydesk: SMTP port ${other.port} is already in use by another program: stop it or set PAYDESK_SMTP_PORT (smtp.port)`,
      });
      assert.ok(!announced.some((line) => /^(web|smtp):/.test(line)), announced.join("\n"));
    } finally {
      other.server.close();
    }

    const started = await start({}, printed);
    try {
      assert.match(printed.at(-3)!, /^First start: created admin admin@example\.com with one-time password \S+$/);
      assert.match(printed.at(-2)!, /within 72 hours/);
      assert.match(printed.at(-1)!, /paydesk admin reset-password --email admin@example\.com/);
    } finally {
      await started.stop();
    }
    const again: string[] = [];
    await (await start({}, again)).stop();
    assert.ok(!again.some((line) => /admin/.test(line)), "only on the first start");
  });

  it("two processes starting at once on a new database both start, and one of them creates the admin", async () => {
    const fresh = mkdtempSync(join(tmpdir(), "paydesk-start-twice-"));
    const lines: string[][] = [[], []];
    const both = lines.map((printed) =>
      startPayDesk(parseConfig(testConfigInput("sqlite", fresh, { services: ["web", "worker"] })), { log: quietLog, print: (line) => printed.push(line) }));
    const started = await Promise.allSettled(both);
    try {
      assert.deepEqual(started.map((s) => s.status), ["fulfilled", "fulfilled"], started.map((s) => (s.status === "rejected" ? String(s.reason) : "")).join(" "));
      const created = lines.filter((printed) => printed.some((line) => /^First start: created admin/.test(line)));
      assert.equal(created.length, 1, lines.flat().join("\n"));
    } finally {
      for (const s of started) if (s.status === "fulfilled") await s.value.stop();
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it("exits 1 with that message alone, no stack trace, from the paydesk command", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "paydesk-start-cli-"));
    const env = {
      ...process.env, PAYDESK_DATA_DIR: join(cwd, "data"), PAYDESK_LOG_LEVEL: "silent", DATABASE_URL: "",
      PAYDESK_SERVICES: "web,smtp", PAYDESK_HTTP_HOST: "127.0.0.1", PAYDESK_HTTP_PORT: String(taken.port),
    };
    const child = spawn(process.execPath, [bin, "start"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    rmSync(cwd, { recursive: true, force: true });
    assert.equal(code, 1, stderr);
    assert.equal(stderr, `paydesk: HTTP port ${taken.port} is already in use by another program: stop it or set PAYDESK_HTTP_PORT (http.port)\n`);
    assert.doesNotMatch(stdout, /admin|one-time password/);
  });
});
