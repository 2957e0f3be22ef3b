// The virus scanner's health as an alert: raised each time clamd gives no verdict (the mail waits for
// it, so someone must bring it back), resolved by the next verdict it gives.
import type { Ctx } from "../../context.ts";
import { ScannerUnavailableError, type VirusScanner } from "../../security/clamd-scanner.ts";
import { raiseAlert, resolveAlert } from "./alert.commands.ts";

export const SCANNER_ALERT = "virus_scan.unavailable";

/** `ctxOf` gives the process's own context (never a transaction's): alerts are written on their own. */
export function alertingScanner(scanner: VirusScanner, ctxOf: () => Ctx): VirusScanner {
  // An alert from before a restart may still be open: the first verdict checks.
  let mayBeOpen = true;
  return {
    endpoint: scanner.endpoint,
    async scan(bytes) {
      try {
        const verdict = await scanner.scan(bytes);
        if (mayBeOpen) {
          mayBeOpen = false;
          await resolveAlert(ctxOf(), SCANNER_ALERT).catch((err) => ctxOf().log.error({ err }, "could not resolve the virus scanner alert"));
        }
        return verdict;
      } catch (err) {
        if (err instanceof ScannerUnavailableError) {
          mayBeOpen = true;
          await raiseAlert(ctxOf(), { kind: SCANNER_ALERT, key: SCANNER_ALERT, message: err.message })
            .catch((e) => ctxOf().log.error({ err: e }, "could not raise the virus scanner alert"));
        }
        throw err;
      }
    },
  };
}
