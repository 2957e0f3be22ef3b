import pino, { type Logger } from "pino";

/** Structured logs. Bodies, credentials and card numbers are never logged; redact the usual suspects anyway. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: ["password", "*.password", "token", "*.token", "authorization", "raw"] });
}
