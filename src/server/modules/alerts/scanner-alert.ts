// The virus scanner's health. When clamd gives no verdict the admins get an alert (mail waits for the
// scanner, so someone must bring it back), resolved by a later verdict; and for a short while after a
// failure calls fail at once instead of each waiting out the timeout on a hung daemon, which would hold
// the worker's job slots.
import type { Ctx } from "../../context.ts";
import { currentTransaction } from "../../db/transaction-scope.ts";
import { ScannerUnavailableError, type VirusScanner } from "../../security/clamd-scanner.ts";
import { raiseAlert, resolveAlert } from "./alert.commands.ts";

export const SCANNER_ALERT = "virus_scan.unavailable";
/** After a failure, calls fail at once for this long. */
export const SCANNER_PAUSE_MS = 30_000;
/** Another process may have raised the alert: a verdict checks for an open one at most this often. */
const RESOLVE_CHECK_MS = 60_000;

/** `ctxOf` gives the process's own context: alerts are written in transactions of their own. */
export function guardedScanner(scanner: VirusScanner, ctxOf: () => Ctx): VirusScanner {
  let failedAt = -Infinity;
  let lastFailure = "";
  let resolveCheckedAt = -Infinity;
  const now = () => ctxOf().clock.now().getTime();
  // A write of our own from inside someone's transaction would wait on it forever (SQLite: one connection).
  const canWrite = () => currentTransaction() === undefined;
  return {
    endpoint: scanner.endpoint,
    async scan(bytes) {
      if (now() - failedAt < SCANNER_PAUSE_MS) throw new ScannerUnavailableError(`${lastFailure} (not asked again for ${SCANNER_PAUSE_MS / 1000} s)`);
      try {
        const verdict = await scanner.scan(bytes);
        if (now() - resolveCheckedAt >= RESOLVE_CHECK_MS && canWrite()) {
          resolveCheckedAt = now();
          await resolveAlert(ctxOf(), SCANNER_ALERT).catch((err) => ctxOf().log.error({ err }, "could not resolve the virus scanner alert"));
        }
        return verdict;
      } catch (err) {
        if (err instanceof ScannerUnavailableError) {
          failedAt = now();
          lastFailure = err.message;
          resolveCheckedAt = -Infinity;
          if (canWrite()) {
            await raiseAlert(ctxOf(), { kind: SCANNER_ALERT, key: SCANNER_ALERT, message: err.message })
              .catch((e) => ctxOf().log.error({ err: e }, "could not raise the virus scanner alert"));
          }
        }
        throw err;
      }
    },
  };
}
