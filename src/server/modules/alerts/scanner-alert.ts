// The virus scanner's health. When clamd gives no verdict the admins get an alert (mail waits for the
// scanner, so someone must bring it back), resolved by a later verdict. A hung clamd (it takes the
// connection, answers nothing) would hold a job slot for the whole timeout on every call: after one
// hangs, calls fail at once and a single probe at a time finds out whether it is back.
import { performance } from "node:perf_hooks";
import type { Ctx } from "../../context.ts";
import { currentTransaction } from "../../db/transaction-scope.ts";
import { ScannerHungError, ScannerUnavailableError, type VirusScanner } from "../../security/clamd-scanner.ts";
import { raiseAlert, resolveAlert } from "./alert.commands.ts";

export const SCANNER_ALERT = "virus_scan.unavailable";
/** After a hang, only one probe goes to clamd until this long has passed since it last hung. */
export const SCANNER_PAUSE_MS = 30_000;
/** Another process may have raised the alert: a verdict checks for an open one at most this often. */
const RESOLVE_CHECK_MS = 60_000;

/** `ctxOf` gives the process's own context: alerts are written in transactions of their own. */
export function guardedScanner(scanner: VirusScanner, ctxOf: () => Ctx): VirusScanner {
  // Monotonic: a clock step must not stretch or skip the pause.
  let hungAt: number | null = null;
  let hungBecause = "";
  let probing = false;
  let resolveCheckedAt = -Infinity;
  // A write of our own from inside someone's transaction would wait on it forever (SQLite: one connection).
  const canWrite = () => currentTransaction() === undefined;
  /** Every call to clamd goes through here: a hang pauses all of them, no verdict raises the alert. */
  async function guarded<T>(call: () => Promise<T>): Promise<T> {
    const sinceHang = hungAt === null ? Infinity : performance.now() - hungAt;
    if (hungAt !== null && (probing || sinceHang < SCANNER_PAUSE_MS)) {
      throw new ScannerUnavailableError(`${hungBecause} (waiting for it to answer again)`);
    }
    const probe = hungAt !== null;
    probing = probe;
    try {
      const answer = await call();
      hungAt = null;
      if (performance.now() - resolveCheckedAt >= RESOLVE_CHECK_MS && canWrite()) {
        resolveCheckedAt = performance.now();
        await resolveAlert(ctxOf(), SCANNER_ALERT).catch((err) => ctxOf().log.error({ err }, "could not resolve the virus scanner alert"));
      }
      return answer;
    } catch (err) {
      if (err instanceof ScannerHungError) {
        hungAt = performance.now();
        hungBecause = err.message;
      } else if (probe && err instanceof ScannerUnavailableError) {
        hungAt = null; // no longer hanging: down (fails fast) or answering with errors
      }
      if (err instanceof ScannerUnavailableError) {
        resolveCheckedAt = -Infinity;
        if (canWrite()) {
          await raiseAlert(ctxOf(), { kind: SCANNER_ALERT, key: SCANNER_ALERT, message: err.message })
            .catch((e) => ctxOf().log.error({ err: e }, "could not raise the virus scanner alert"));
        }
      }
      throw err;
    } finally {
      if (probe) probing = false;
    }
  }
  return {
    endpoint: scanner.endpoint,
    scan: (bytes, options) => guarded(() => scanner.scan(bytes, options)),
    signatures: () => guarded(() => scanner.signatures()),
  };
}
