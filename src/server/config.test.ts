import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

describe("configuration", () => {
  const emptyDir = () => mkdtempSync(join(tmpdir(), "paydesk-config-"));

  it("starts from embedded defaults with no file and no variables", () => {
    const dir = emptyDir();
    const config = loadConfig({}, dir);
    assert.equal(config.http.port, 8080);
    assert.equal(config.smtp.port, 2525);
    assert.equal(config.dataDir, join(dir, "data"));
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.acknowledgements.maxPerAddressPerHour, 3);
    assert.deepEqual(config.mailboxes, [{ address: "support@example.com", name: "Support" }]);
  });

  it("lets environment variables override the file", () => {
    const dir = emptyDir();
    writeFileSync(join(dir, "paydesk.config.json"), JSON.stringify({ http: { port: 9000 }, ticketPrefix: "OK", mailboxes: [{ address: "Help@OKPay.example" }] }));
    const config = loadConfig({ PAYDESK_HTTP_PORT: "9100", PAYDESK_SERVICES: "web,worker" }, dir);
    assert.equal(config.http.port, 9100);
    assert.equal(config.http.host, "0.0.0.0");
    assert.equal(config.ticketPrefix, "OK");
    assert.deepEqual(config.services, ["web", "worker"]);
    assert.equal(config.mailboxes[0]!.address, "help@okpay.example");
  });

  it("lists every problem at once, in plain words", () => {
    const dir = emptyDir();
    writeFileSync(join(dir, "paydesk.config.json"), JSON.stringify({ ticketPrefix: "ok-1", relay: { url: "http://relay" }, vaultKey: "short" }));
    assert.throws(() => loadConfig({ PAYDESK_SMTP_PORT: "99999", PAYDESK_SUPPORT_ADDRESS: "not-an-address" }, dir), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      const text = err.message;
      for (const key of ["ticketPrefix", "relay.url", "vaultKey", "smtp.port", "mailboxes.0.address"]) assert.match(text, new RegExp(key.replace(".", "\\.")), `mentions ${key}`);
      assert.equal(err.problems.length, 5);
      return true;
    });
  });

  it("takes clamd as a socket path or host:port, and nothing else", () => {
    const dir = emptyDir();
    assert.equal(loadConfig({}, dir).virusScan, undefined);
    assert.deepEqual(loadConfig({ PAYDESK_CLAMD: "/run/clamav/clamd.ctl" }, dir).virusScan, { clamd: "/run/clamav/clamd.ctl", timeoutMs: 150_000 });
    assert.equal(loadConfig({ PAYDESK_CLAMD: "127.0.0.1:3310" }, dir).virusScan?.clamd, "127.0.0.1:3310");
    assert.equal(loadConfig({ PAYDESK_CLAMD: "[::1]:3310" }, dir).virusScan?.clamd, "[::1]:3310");
    for (const bad of ["clamd.ctl", "tcp://127.0.0.1:3310", "127.0.0.1", "host: 3310", "127.0.0.1:99999", "127.0.0.1:0", "::1:3310"]) {
      assert.throws(() => loadConfig({ PAYDESK_CLAMD: bad }, dir), /virusScan\.clamd: must be clamd's socket path/, bad);
    }
  });

  it("checks IMAP accounts against each other and the mailboxes", () => {
    const account = { host: "imap.example.com", user: "u", password: "p" };
    const dir = emptyDir();
    writeFileSync(join(dir, "paydesk.config.json"), JSON.stringify({ imap: [{ ...account, name: "a" }, { ...account, name: "a", mailbox: "other@example.com" }] }));
    assert.throws(() => loadConfig({}, dir), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /imap\.1\.name: "a" is used by another IMAP account/);
      assert.match(err.message, /imap\.1\.mailbox: other@example\.com is not one of the configured mailboxes/);
      return true;
    });
  });

  it("says which file is broken", () => {
    const dir = emptyDir();
    writeFileSync(join(dir, "paydesk.config.json"), "{ not json");
    assert.throws(() => loadConfig({}, dir), /paydesk\.config\.json: not valid JSON/);
  });
});
