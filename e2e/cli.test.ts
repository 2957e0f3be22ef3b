// The `paydesk` command as an MTA's pipe transport and an operator call it: a real child process.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import SqliteDatabase from "better-sqlite3";
import { startCaptureServer } from "../src/server/test/smtp-capture.ts";

const bin = fileURLToPath(new URL("../bin/paydesk.mjs", import.meta.url));
const fixture = fileURLToPath(new URL("../test/fixtures/mail/gbk-as-gb2312.eml", import.meta.url));

describe("paydesk command", () => {
  const cwd = mkdtempSync(join(tmpdir(), "paydesk-cli-"));
  const env = { ...process.env, PAYDESK_DATA_DIR: join(cwd, "data"), PAYDESK_LOG_LEVEL: "silent", DATABASE_URL: "" };
  const run = (args: string[], input?: Buffer, extraEnv: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...env, ...extraEnv }, input, encoding: "utf8", timeout: 60_000 });
  /** Without blocking this process: for commands that talk to a server running in it. */
  const runAsync = (args: string[], extraEnv: Record<string, string>) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...env, ...extraEnv }, timeout: 60_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
  const intakeRows = () => {
    const db = new SqliteDatabase(join(cwd, "data", "paydesk.sqlite"), { readonly: true });
    try {
      return (db.prepare("select count(*) as n from inbound").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  after(() => rmSync(cwd, { recursive: true, force: true }));

  it("ingests a message from standard input into a ticket and keeps the acknowledgement in the outbox", () => {
    // Logging as a server would: the log lines go to stderr, stdout carries only the result.
    const res = run(["ingest", "--mailbox", "support@example.com"], readFileSync(fixture), { PAYDESK_LOG_LEVEL: "info" });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /^accepted \S+: processed ticket PD-100001\n$/);
    assert.match(res.stderr, /"msg":"inbound processed"/);
    const outbox = readdirSync(join(cwd, "data", "outbox"));
    assert.equal(outbox.length, 1);
    const list = run(["outbox"]);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /status=outboxed\s+kind=acknowledgement\s+ticket=PD-100001/);
  });

  it("ends quietly when its reader closes the pipe early (`paydesk outbox | head -1`)", async () => {
    const child = spawn(process.execPath, [bin, "outbox"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    // The reader is gone before the first line is written.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(stderr, "");
    assert.equal(status, 0);
  });

  it("reports mail status, and exits 1 when something needs a human", () => {
    const healthy = run(["status"]);
    assert.equal(healthy.status, 0, healthy.stderr);
    assert.match(healthy.stdout, /^OK: nothing needs attention/);
    assert.match(healthy.stdout, /Intake: 0 pending, 0 held, 0 dead; last 24 h: processed 1/);
    assert.match(healthy.stdout, /Outbound \(outbox\): 0 queued \(0 retrying\), 0 failed, 0 bounced, 1 in the outbox/);
    // As after a message's last failed processing attempt.
    const db = new SqliteDatabase(join(cwd, "data", "paydesk.sqlite"));
    db.prepare("update inbound set status = 'dead', reason = 'TypeError: x'").run();
    db.close();
    const sick = run(["status"]);
    assert.equal(sick.status, 1, sick.stderr);
    assert.match(sick.stdout, /^NEEDS ATTENTION\n {2}- 1 message\(s\) could not be processed/);
    const fixed = new SqliteDatabase(join(cwd, "data", "paydesk.sqlite"));
    fixed.prepare("update inbound set status = 'processed', reason = null").run();
    fixed.close();
  });

  it("refuses input that is not a mail message with 65 (EX_DATAERR), creating no ticket", () => {
    const before = intakeRows();
    const empty = run(["ingest"], Buffer.alloc(0));
    assert.equal(empty.status, 65);
    assert.match(empty.stderr, /^paydesk ingest: not a mail message: the input is empty/);
    const hello = run(["ingest"], Buffer.from("hello\n"));
    assert.equal(hello.status, 65);
    assert.match(hello.stderr, /not a mail message: it does not begin with a header section/);
    assert.equal(hello.stdout, "");
    assert.equal(intakeRows(), before);
  });

  it("creates an admin with a one-time password, and issues a new one that replaces it", () => {
    const created = run(["admin", "create", "--email", "ops@example.com"]);
    assert.equal(created.status, 0, created.stderr);
    const first = /one-time password (\S+) \(valid 72 hours/.exec(created.stdout)?.[1];
    assert.ok(first, created.stdout);
    const reset = run(["admin", "reset-password", "--email", "OPS@example.com"]);
    assert.equal(reset.status, 0, reset.stderr);
    const second = /new one-time password (\S+) \(valid 72 hours/.exec(reset.stdout)?.[1];
    assert.ok(second && second !== first, reset.stdout);
    const unknown = run(["admin", "reset-password", "--email", "nobody@example.com"]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no account with the e-mail nobody@example.com/);
    assert.equal(run(["admin", "reset-password"]).status, 64);
  });

  it("prints the usage and exits 64 without a command, instead of starting a server", () => {
    const res = run([]);
    assert.equal(res.status, 64);
    assert.equal(res.stdout, "");
    assert.match(res.stderr, /^Usage: paydesk <command>\n {2}start /);
    for (const help of [["help"], ["--help"], ["outbox", "--help"]]) {
      const asked = run(help);
      assert.equal(asked.status, 0, help.join(" "));
      assert.match(asked.stdout, /^Usage: paydesk <command>\n/);
    }
  });

  it("says a replay needs an ID (64) instead of listing the dead letters", () => {
    const res = run(["dead-letters", "replay"]);
    assert.equal(res.status, 64);
    assert.equal(res.stdout, "");
    assert.match(res.stderr, /^paydesk dead-letters: replay needs the ID of one dead letter/);
  });

  it("lists every configuration problem at once", () => {
    writeFileSync(join(cwd, "paydesk.config.json"), JSON.stringify({ ticketPrefix: "bad-1", smtp: { port: 70000 } }));
    const res = run(["config", "check"]);
    rmSync(join(cwd, "paydesk.config.json"));
    assert.equal(res.status, 1);
    assert.match(res.stderr, /ticketPrefix: must be 1-6 capital letters/);
    assert.match(res.stderr, /smtp\.port/);
  });

  it("delivers kept mail once the relay answers: 75 while it cannot be reached, then 0", async () => {
    const unreachable = await runAsync(["outbox", "deliver"], { PAYDESK_RELAY_URL: "smtp://127.0.0.1:1" });
    assert.equal(unreachable.status, 75, unreachable.stderr);
    assert.match(unreachable.stdout, /^will retry {2}acknowledgement PD-100001 to \S+ \(\S+\) after \S+: no answer: .*ECONNREFUSED/);
    assert.doesNotMatch(unreachable.stdout, /delivered {2}/);
    // Waiting for a retry, no longer kept: the outbox holds only what is kept, as `paydesk status` counts it.
    assert.deepEqual(readdirSync(join(cwd, "data", "outbox")).filter((f) => f.endsWith(".eml")), []);
    assert.match(run(["status"]).stdout, /1 queued \(1 retrying\), 0 failed, 0 bounced, 0 in the outbox/);
    const relay = await startCaptureServer();
    try {
      const delivered = await runAsync(["outbox", "deliver"], { PAYDESK_RELAY_URL: `smtp://127.0.0.1:${relay.port}` });
      assert.equal(delivered.status, 0, delivered.stderr);
      assert.match(delivered.stdout, /^delivered {2}acknowledgement PD-100001 .*\n1 message\(s\): 1 delivered, 0 waiting for a retry, 0 failed permanently\.\n$/);
      assert.equal(relay.received.length, 1);
    } finally {
      await relay.close();
    }
  });
});
