import pino, { type Logger } from "pino";

/**
 * Structured logs. Bodies, credentials and card numbers are never logged; redact the usual suspects anyway.
 * The server logs to stdout; a `paydesk` command to stderr, because its stdout carries only its result
 * (written synchronously there: a command exits right after its last line).
 */
export function createLogger(level: string, to: "stdout" | "stderr" = "stdout"): Logger {
  const options = { level, redact: ["password", "*.password", "token", "*.token", "authorization", "raw"] };
  return to === "stderr" ? pino(options, pino.destination({ dest: 2, sync: true })) : pino(options);
}
