// The clamd client against a real clamd (Debian's clamav-daemon) started by the test.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:net";
import { after, before, describe, it } from "node:test";
import { zipSync } from "fflate";
import { clamdAvailable, clamdMissingNotice, encryptedZip, requireServices, startClamd, TEST_MALWARE, TEST_SIGNATURE, type Clamd } from "../test/clamd-server.ts";
import { createClamdScanner, ScannerUnavailableError, signatureVersionOf } from "./clamd-scanner.ts";

const suite = () => {
  let clamd: Clamd;
  before(async () => {
    clamd = await startClamd({ streamMaxBytes: 2 * 1024 * 1024 });
  });
  after(() => clamd?.stop());

  it("passes clean bytes and names what it finds in infected ones, wherever in the stream", async () => {
    const scanner = createClamdScanner(clamd.socket, 10_000);
    assert.deepEqual(await scanner.scan(Buffer.from("a bank statement, nothing else")), { kind: "clean" });
    assert.deepEqual(await scanner.scan(Buffer.alloc(0)), { kind: "clean" });
    // Across the client's 64 KiB chunk boundary.
    const padded = Buffer.concat([randomBytes(64 * 1024 - 10), TEST_MALWARE, randomBytes(1000)]);
    assert.deepEqual(await scanner.scan(padded), { kind: "infected", signature: TEST_SIGNATURE });
  });

  it("scans side by side", async () => {
    const scanner = createClamdScanner(clamd.socket, 10_000);
    const inputs = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? Buffer.concat([randomBytes(5000), TEST_MALWARE]) : randomBytes(20_000)));
    const verdicts = await Promise.all(inputs.map((b) => scanner.scan(b)));
    assert.deepEqual(verdicts.map((v) => v.kind), inputs.map((_, i) => (i % 3 === 0 ? "infected" : "clean")));
  });

  it("calls what clamd cannot look into unscannable, never clean: over its stream limit, encrypted", async () => {
    const scanner = createClamdScanner(clamd.socket, 10_000);
    assert.deepEqual(await scanner.scan(randomBytes(3 * 1024 * 1024)), { kind: "unscannable", reason: "larger than the scanner accepts" });
    const zip = encryptedZip(Buffer.from(zipSync({ "statement.pdf": new Uint8Array(Buffer.from("%PDF-1.4 statement ".repeat(40))) }, { level: 0 })));
    assert.deepEqual(await scanner.scan(zip), { kind: "unscannable", reason: "encrypted (Heuristics.Encrypted.Zip)" });
  });

  it("reports a scanner that is not there, or does not answer, as unavailable", async () => {
    await assert.rejects(createClamdScanner(`${clamd.dir}/no-such.sock`, 2000).scan(Buffer.from("x")), ScannerUnavailableError);
    await assert.rejects(createClamdScanner("127.0.0.1:1", 2000).scan(Buffer.from("x")), ScannerUnavailableError);
    // A listener that takes the connection and says nothing.
    const silent: Server = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    const { port } = silent.address() as { port: number };
    try {
      await assert.rejects(createClamdScanner(`127.0.0.1:${port}`, 300).scan(Buffer.from("x")), /no answer within 300 ms/);
    } finally {
      silent.close();
    }
  });

  it("holds a file that takes too long as unscannable while the daemon still answers PING", async () => {
    // Stands in for clamd stuck on one crafted file (real clamd cannot be made that slow on demand):
    // answers PING, never answers a scan.
    const stuck: Server = createServer((socket) => socket.on("data", (d) => { if (d.includes("zPING\0")) socket.end("PONG\0"); }));
    await new Promise<void>((r) => stuck.listen(0, "127.0.0.1", () => r()));
    const { port } = stuck.address() as { port: number };
    try {
      assert.deepEqual(await createClamdScanner(`127.0.0.1:${port}`, 300).scan(Buffer.from("x")), { kind: "unscannable", reason: "took over 0.3 s to scan" });
    } finally {
      stuck.close();
    }
  });
};

if (clamdAvailable()) describe("clamd scanner against a real clamd", suite);
else if (requireServices) it("has clamd to test against", () => assert.fail(`${clamdMissingNotice} and PAYDESK_REQUIRE_SERVICES=1`));
else describe("clamd scanner against a real clamd", { skip: true }, () => {});

it("reads the signature version from clamd's VERSION answer, and none from one that names none", () => {
  // As clamd answers with Debian's official databases, and with only unofficial signatures (the tests' clamd).
  assert.equal(signatureVersionOf("ClamAV 1.4.3/27480/Tue Nov 25 08:21:15 2025"), "27480");
  assert.equal(signatureVersionOf("ClamAV 1.4.6"), "");
  assert.equal(signatureVersionOf(""), "");
});
