import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";
import { knownVariables, otherVariables } from "./config/environment.ts";

const emptyDir = () => mkdtempSync(join(tmpdir(), "paydesk-config-"));

function withFile(settings: unknown): string {
  const dir = emptyDir();
  writeFileSync(join(dir, "paydesk.config.json"), JSON.stringify(settings));
  return dir;
}

/** The problems loadConfig reports, or a failure when it accepts the configuration. */
function problemsOf(env: Record<string, string>, dir: string): string[] {
  try {
    loadConfig(env, dir);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.problems;
  }
  assert.fail("the configuration was accepted");
}

describe("configuration", () => {
  it("starts from embedded defaults with no file and no variables", () => {
    const dir = emptyDir();
    const config = loadConfig({}, dir);
    assert.equal(config.http.port, 8080);
    assert.equal(config.smtp.port, 2525);
    assert.equal(config.dataDir, join(dir, "data"));
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.publicUrl, "http://localhost:8080");
    assert.equal(config.acknowledgements.maxPerAddressPerHour, 3);
    assert.deepEqual(config.mailboxes, [{ address: "support@example.com", name: "Support" }]);
  });

  it("lets environment variables override the file", () => {
    const dir = withFile({ http: { port: 9000 }, ticketPrefix: "OK", mailboxes: [{ address: "Help@OKPay.example" }] });
    const config = loadConfig({ PAYDESK_HTTP_PORT: "9100", PAYDESK_SERVICES: "web,worker" }, dir);
    assert.equal(config.http.port, 9100);
    assert.equal(config.http.host, "0.0.0.0");
    assert.equal(config.ticketPrefix, "OK");
    assert.deepEqual(config.services, ["web", "worker"]);
    assert.equal(config.mailboxes[0]!.address, "help@okpay.example");
  });

  it("lists every problem at once, in plain words, naming the variable or the file each came from", () => {
    const dir = withFile({ ticketPrefix: "ok-1", relay: { url: "http://relay" }, vaultKey: "short" });
    const problems = problemsOf({ PAYDESK_SMTP_PORT: "99999", PAYDESK_SUPPORT_ADDRESS: "not-an-address" }, dir);
    assert.deepEqual(problems.sort(), [
      "PAYDESK_SMTP_PORT: must be a whole number between 0 and 65535, got 99999",
      "PAYDESK_SUPPORT_ADDRESS: must be an e-mail address, got \"not-an-address\"",
      "paydesk.config.json: relay.url: must start with smtp:// or smtps://",
      "paydesk.config.json: ticketPrefix: must be 1-6 capital letters, got \"ok-1\"",
      "paydesk.config.json: vaultKey: must be 64 hexadecimal characters",
    ]);
  });

  it("says what a variable must hold rather than which type check failed", () => {
    assert.deepEqual(problemsOf({ PAYDESK_SMTP_PORT: "abc" }, emptyDir()), ["PAYDESK_SMTP_PORT: must be a whole number between 0 and 65535, got \"abc\""]);
    assert.deepEqual(problemsOf({ PAYDESK_SERVICES: "web,wrker" }, emptyDir()), ["PAYDESK_SERVICES: must be one of web, worker, smtp, imap, got \"wrker\" — did you mean worker?"]);
    const dir = withFile({ acknowledgements: { enabled: "yes" }, worker: 3, imap: [{ name: "a", host: "h", user: "u" }] });
    assert.deepEqual(problemsOf({}, dir).sort(), [
      "paydesk.config.json: acknowledgements.enabled: must be true or false, got \"yes\"",
      "paydesk.config.json: imap.0.password: is missing",
      "paydesk.config.json: worker: must be a group of settings in braces { }, got 3",
    ]);
  });

  it("never repeats a secret back", () => {
    const dir = withFile({ vaultKey: "my-real-vault-key", imap: [{ name: "a", host: "h", user: "u", password: 12345678 }] });
    const text = problemsOf({ PAYDESK_RELAY_URL: "http://me:hunter2@relay", PAYDESK_WEBHOOK_SECRET: "hunter3" }, dir).join("\n");
    for (const secret of ["my-real-vault-key", "12345678", "hunter2", "hunter3"]) assert.doesNotMatch(text, new RegExp(secret));
    assert.match(text, /PAYDESK_WEBHOOK_SECRET: must be at least 16 characters$/m);
    // A secret written where a group belongs, or a URL with a password in a setting that is no secret.
    const misplaced = problemsOf({}, withFile({ relay: "smtp://mailer:S3cretPass@relay.example", imap: ["imaps://u:Hunter4@h"], publicUrl: "https://u:Pw5@help.example" })).join("\n");
    for (const secret of ["S3cretPass", "Hunter4", "Pw5"]) assert.doesNotMatch(misplaced, new RegExp(secret));
    assert.match(misplaced, /paydesk\.config\.json: relay: /);
  });

  it("refuses unknown settings at every level and suggests the one probably meant", () => {
    const account = { name: "a", host: "imap.example.com", user: "u", password: "p" };
    const dir = withFile({
      mailbox: [{ address: "help@okpay.example" }],
      smtp: { prot: 25 },
      imap: [{ ...account, pasword: "p" }],
      webForm: { complaintMailbox: "help@okpay.example" },
      relay: { url: "smtp://relay", colour: "blue" },
    });
    assert.deepEqual(problemsOf({}, dir).sort(), [
      "paydesk.config.json: unknown setting imap.0.pasword — did you mean imap.0.password?",
      "paydesk.config.json: unknown setting mailbox — did you mean mailboxes?",
      "paydesk.config.json: unknown setting relay.colour",
      "paydesk.config.json: unknown setting smtp.prot — did you mean smtp.port?",
      "paydesk.config.json: unknown setting webForm.complaintMailbox — did you mean webForm.complaintsMailbox?",
    ]);
  });

  it("reports PAYDESK_ variables it does not know, and no other variables", () => {
    const problems = problemsOf({ PAYDESK_SMTP_PROT: "25", PAYDESK_TICKETPREFIX: "OK", PAYDESK_SOMETHING_ELSE: "1", PAYDESKTOP: "1", HOME: "/root" }, emptyDir());
    assert.deepEqual(problems, [
      "unknown variable PAYDESK_SMTP_PROT — did you mean PAYDESK_SMTP_PORT?",
      "unknown variable PAYDESK_SOMETHING_ELSE (see docs/configuration.md)",
      "unknown variable PAYDESK_TICKETPREFIX — did you mean PAYDESK_TICKET_PREFIX?",
    ]);
  });

  it("knows every PAYDESK_ variable the code, the tests and the tools read", () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const thisFile = fileURLToPath(import.meta.url);
    const read = new Set<string>();
    const scan = (path: string) => {
      for (const name of readdirSync(path)) {
        const child = join(path, name);
        // This file names misspelt variables on purpose.
        if (child === thisFile) continue;
        if (statSync(child).isDirectory()) scan(child);
        else if (/\.(ts|tsx|mjs|js)$/.test(name)) for (const [variable] of readFileSync(child, "utf8").matchAll(/PAYDESK_[A-Z0-9_]+/g)) read.add(variable);
      }
    };
    for (const dir of ["src", "bin", "scripts", "bench", "e2e"]) scan(join(root, dir));
    assert.ok(read.has("PAYDESK_REQUIRE_SERVICES") && read.has("PAYDESK_HTTP_PORT"), "the scan finds the code");
    assert.deepEqual([...read].filter((name) => !knownVariables.includes(name)), []);
    // The tools' own variables reach the PayDesk processes they start: those must still start.
    const toolVariables = otherVariables.filter((name) => name !== "PAYDESK_CONFIG");
    assert.doesNotThrow(() => loadConfig(Object.fromEntries(toolVariables.map((name) => [name, "1"])), emptyDir()));
  });

  it("compares settings with each other even when other settings are broken", () => {
    const account = { host: "imap.example.com", user: "u", password: "p" };
    const dir = withFile({
      ticketPrefix: 42,
      smtp: { port: "twenty-five" },
      imap: [{ ...account, name: "a", port: "x" }, { ...account, name: "a", mailbox: "other@example.com" }],
      webForm: { complaintsMailbox: "complaints@example.com", confirmHours: -1 },
    });
    const problems = problemsOf({}, dir);
    assert.ok(problems.includes("paydesk.config.json: imap.1.name: must differ from the other IMAP accounts' names, got \"a\""), problems.join("\n"));
    assert.ok(problems.includes("paydesk.config.json: imap.1.mailbox: must be one of the configured mailboxes (support@example.com), got \"other@example.com\""));
    assert.ok(problems.includes("paydesk.config.json: webForm.complaintsMailbox: must be one of the configured mailboxes (support@example.com), got \"complaints@example.com\""));
    assert.ok(problems.includes("paydesk.config.json: webForm.confirmHours: must be a number above 0, got -1"));
    assert.equal(problems.length, 7, problems.join("\n"));
  });

  it("compares nothing with mailboxes that are broken themselves", () => {
    const dir = withFile({ webForm: { complaintsMailbox: "complaints@example.com" } });
    assert.deepEqual(problemsOf({ PAYDESK_SUPPORT_ADDRESS: "help@example.com,broken" }, dir), ["PAYDESK_SUPPORT_ADDRESS: must be an e-mail address, got \"broken\""]);
  });

  it("takes only the address PayDesk is served at (http(s), host, port) as the public URL", () => {
    for (const good of ["https://help.okpay.example", "http://10.0.0.5:8080/", "https://[2001:db8::1]:8443"]) {
      assert.equal(loadConfig({ PAYDESK_PUBLIC_URL: good }, emptyDir()).publicUrl, good);
    }
    for (const bad of ["localhost:8080", "help.okpay.example", "/support", "ftp://okpay.example", "https://", "http:help.okpay.example", "https:// okpay.example",
      // Links are <publicUrl>/track/… and /verify: a path, query, fragment or user name would break them.
      "https://okpay.example/support", "https://okpay.example/?x=1", "https://okpay.example#top", "https://user:pass@okpay.example", "https://okpay.example?"]) {
      assert.deepEqual(problemsOf({ PAYDESK_PUBLIC_URL: bad }, emptyDir()), [
        `PAYDESK_PUBLIC_URL: must be the address PayDesk is served at, starting with http:// or https:// and with no path, query or user name, such as https://help.example.com${
          bad.includes("pass@") ? "" : `, got ${JSON.stringify(bad)}`}`,
      ], bad);
    }
  });

  it("points the default public URL at the HTTP port", () => {
    assert.equal(loadConfig({ PAYDESK_HTTP_PORT: "9000" }, emptyDir()).publicUrl, "http://localhost:9000");
    assert.equal(loadConfig({}, withFile({ http: { port: 8181 } })).publicUrl, "http://localhost:8181");
    assert.equal(loadConfig({ PAYDESK_HTTP_PORT: "9000", PAYDESK_PUBLIC_URL: "https://help.okpay.example" }, emptyDir()).publicUrl, "https://help.okpay.example");
  });

  it("takes clamd as a socket path or host:port, and nothing else", () => {
    const dir = emptyDir();
    assert.equal(loadConfig({}, dir).virusScan, undefined);
    assert.deepEqual(loadConfig({ PAYDESK_CLAMD: "/run/clamav/clamd.ctl" }, dir).virusScan, { clamd: "/run/clamav/clamd.ctl", timeoutMs: 150_000, rescanAfterHours: 24 });
    assert.equal(loadConfig({ PAYDESK_CLAMD: "127.0.0.1:3310" }, dir).virusScan?.clamd, "127.0.0.1:3310");
    assert.equal(loadConfig({ PAYDESK_CLAMD: "[::1]:3310" }, dir).virusScan?.clamd, "[::1]:3310");
    for (const bad of ["clamd.ctl", "tcp://127.0.0.1:3310", "127.0.0.1", "host: 3310", "127.0.0.1:99999", "127.0.0.1:0", "::1:3310"]) {
      assert.throws(() => loadConfig({ PAYDESK_CLAMD: bad }, dir), /PAYDESK_CLAMD: must be clamd's socket path/, bad);
    }
  });

  it("checks IMAP accounts against each other and the mailboxes", () => {
    const account = { host: "imap.example.com", user: "u", password: "p" };
    const dir = withFile({ imap: [{ ...account, name: "a" }, { ...account, name: "a", mailbox: "other@example.com" }] });
    assert.deepEqual(problemsOf({}, dir), [
      "paydesk.config.json: imap.1.name: must differ from the other IMAP accounts' names, got \"a\"",
      "paydesk.config.json: imap.1.mailbox: must be one of the configured mailboxes (support@example.com), got \"other@example.com\"",
    ]);
  });

  it("wants both STARTTLS files, readable, or neither", () => {
    const dir = emptyDir();
    const cert = join(dir, "cert.pem");
    writeFileSync(cert, "certificate");
    assert.deepEqual(problemsOf({ PAYDESK_SMTP_TLS_CERT: cert }, dir), [
      "smtp.tlsKeyFile: must be set too: STARTTLS needs both the key and the certificate file",
    ]);
    assert.deepEqual(problemsOf({ PAYDESK_SMTP_TLS_CERT: cert, PAYDESK_SMTP_TLS_KEY: "/nonexistent/key.pem" }, dir), [
      "PAYDESK_SMTP_TLS_KEY: must be a file PayDesk can read (ENOENT), got \"/nonexistent/key.pem\"",
    ]);
    const key = join(dir, "key.pem");
    writeFileSync(key, "key");
    assert.equal(loadConfig({ PAYDESK_SMTP_TLS_CERT: cert, PAYDESK_SMTP_TLS_KEY: key }, dir).smtp.tlsKeyFile, key);
  });

  it("says which file is broken", () => {
    const dir = emptyDir();
    writeFileSync(join(dir, "paydesk.config.json"), "{ not json");
    assert.throws(() => loadConfig({}, dir), /paydesk\.config\.json: not valid JSON/);
    writeFileSync(join(dir, "custom.json"), JSON.stringify({ smtp: { port: -1 } }));
    assert.deepEqual(problemsOf({ PAYDESK_CONFIG: "custom.json" }, dir), ["custom.json: smtp.port: must be a whole number between 0 and 65535, got -1"]);
    writeFileSync(join(dir, "custom.json"), JSON.stringify([{ smtp: { port: 25 } }]));
    assert.throws(() => loadConfig({ PAYDESK_CONFIG: "custom.json" }, dir), /custom\.json: must hold one JSON object of settings/);
  });
});
