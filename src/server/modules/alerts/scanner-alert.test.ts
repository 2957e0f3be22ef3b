// The scanner guard: a hung clamd is asked once, then calls fail at once instead of each holding a job
// slot for the whole timeout; the admins are alerted. (A listener that never answers stands in for a
// hung clamd: a real one cannot be made to hang on demand.)
import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { performance } from "node:perf_hooks";
import { after, before, it } from "node:test";
import { createClamdScanner, ScannerHungError, ScannerUnavailableError } from "../../security/clamd-scanner.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { listAlerts } from "./alert.commands.ts";
import { guardedScanner, SCANNER_ALERT } from "./scanner-alert.ts";

await forEachDialect("virus scanner guard", (dialect) => {
  let rt: TestRuntime;
  let hung: Server;
  let port: number;
  before(async () => {
    rt = await openTestRuntime(dialect);
    hung = createServer(() => {});
    await new Promise<void>((r) => hung.listen(0, "127.0.0.1", () => r()));
    port = (hung.address() as { port: number }).port;
  });
  after(async () => {
    hung.close();
    await rt.close();
  });

  it("asks a hung scanner once, then fails fast and alerts", async () => {
    const scanner = guardedScanner(createClamdScanner(`127.0.0.1:${port}`, 300), () => rt.ctx);
    await assert.rejects(scanner.scan(Buffer.from("statement")), ScannerHungError);
    const started = performance.now();
    await assert.rejects(scanner.scan(Buffer.from("statement")), (err: Error) => err instanceof ScannerUnavailableError && !(err instanceof ScannerHungError) && /waiting for it to answer again/.test(err.message));
    assert.ok(performance.now() - started < 100, "the second call did not wait for the timeout");
    const alert = (await listAlerts(rt.ctx)).find((a) => a.key === SCANNER_ALERT);
    assert.ok(alert && !alert.resolvedAt);
    assert.match(alert.message, /no answer within 300 ms, nor to a PING/);
  });

  it("does not pause after a scanner that is simply down: the next call asks again", async () => {
    const scanner = guardedScanner(createClamdScanner("127.0.0.1:1", 300), () => rt.ctx);
    await assert.rejects(scanner.scan(Buffer.from("x")), /ECONNREFUSED/);
    await assert.rejects(scanner.scan(Buffer.from("x")), /ECONNREFUSED/);
  });
});
