// Sorts what can go wrong while polling into two answers: try again later (back off), or stop polling
// this account until someone fixes its settings (disable and alert).
import { isAppError } from "../../errors.ts";

export type ImapFailureReason = "auth" | "missing_folder" | "misconfigured" | "network" | "timeout" | "throttled" | "message" | "other";

export type ImapFailure = {
  action: "disable" | "backoff";
  reason: ImapFailureReason;
  /** Safe to store and log: server text and error codes only, never credentials or message content. */
  message: string;
  /** The server asked us to wait at least this long (throttling). */
  minDelayMs?: number;
};

/** The properties imapflow (and Node's socket layer) attach to errors, all optional. */
type ErrorFields = {
  code?: unknown;
  authenticationFailed?: unknown;
  serverResponseCode?: unknown;
  responseText?: unknown;
  mailboxMissing?: unknown;
  throttleReset?: unknown;
  reason?: unknown;
  responseStatus?: unknown;
  command?: unknown;
};

/** Settings that can never work as given; polling them again would not help. */
export class ImapSettingsError extends Error {
  override name = "ImapSettingsError";
}

/**
 * The server would not hand over one message: the account works, that message does not. Counted per UID
 * (imap-unreadable.ts) instead of backing the whole account off as if its server were unreachable.
 */
export class ImapMessageError extends Error {
  override name = "ImapMessageError";
  constructor(readonly uid: number, message: string, readonly connectionLost: boolean, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** BYE texts that say the server is going away for its own reasons, not because of the message asked for. */
const SERVER_GOING_AWAY = /shut\s*down|shutting down|restart|inactivity|idle|timeout|timed out|too many|logout/i;

/**
 * True when a FETCH of one message failed because of that message: a tagged NO (the session stays
 * usable), or the server hanging up mid-answer with a reason of its own (Dovecot answers an unreadable
 * message file with "BYE FETCH failed: Internal error occurred"). A connection that just drops, or times
 * out, says nothing about the message and stays a network failure.
 */
export function isMessageRefusal(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & ErrorFields;
  if (e.code === "ETHROTTLE") return false;
  if (e.responseStatus === "NO") return true;
  const bye = str(e.reason);
  return e.code === "NoConnection" && bye !== undefined && !SERVER_GOING_AWAY.test(bye)
    && (e.responseStatus === "BYE" || e.command === "UID FETCH");
}

/** What the server said when it refused a message, for the log, the alert and the account's last error. */
export function describeMessageRefusal(err: unknown): string {
  const e = (err ?? {}) as ErrorFields;
  const said = describeImapError(err);
  if (e.responseStatus === "NO") return `the server answered NO: ${str(e.responseText) ?? said}`.slice(0, MAX_MESSAGE);
  return `the server closed the connection: ${str(e.reason) ?? said}`.slice(0, MAX_MESSAGE);
}

const AUTH_CODES = new Set(["AUTHENTICATIONFAILED", "AUTHORIZATIONFAILED", "EXPIRED", "PRIVACYREQUIRED"]);
const MISSING_FOLDER_CODES = new Set(["NONEXISTENT", "TRYCREATE"]);
const NETWORK_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "EPIPE", "EHOSTUNREACH", "EHOSTDOWN", "ENETUNREACH", "ENETDOWN",
  "ENOTFOUND", "EAI_AGAIN", "NoConnection", "EConnectionClosed", "ClosedAfterConnectText", "ClosedAfterConnectTLS",
]);
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ETIMEOUT", "CONNECT_TIMEOUT", "GREETING_TIMEOUT", "UPGRADE_TIMEOUT", "LockTimeout"]);
const MAX_MESSAGE = 500;

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/** A one-line description built from codes and the server's own words. */
export function describeImapError(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, MAX_MESSAGE);
  const e = err as Error & ErrorFields;
  const parts = [str(e.code), str(e.serverResponseCode)].filter((p): p is string => Boolean(p));
  const text = str(e.responseText) ?? str(e.reason) ?? e.message;
  const line = parts.length > 0 ? `${[...new Set(parts)].join("/")}: ${text}` : text;
  return line.replace(/\s+/g, " ").trim().slice(0, MAX_MESSAGE);
}

export function classifyImapError(err: unknown): ImapFailure {
  const message = describeImapError(err);
  if (err instanceof ImapSettingsError) return { action: "disable", reason: "misconfigured", message };
  // Retried on a later pass; the account itself is fine.
  if (err instanceof ImapMessageError) return { action: "backoff", reason: "message", message };
  if (isAppError(err)) {
    // The only account-level refusal from intake: the configured support address is not a mailbox here.
    if (err.code === "unknown_recipient") return { action: "disable", reason: "misconfigured", message };
    return { action: "backoff", reason: "other", message };
  }
  const e = (err ?? {}) as ErrorFields;
  const code = str(e.code);
  const serverCode = str(e.serverResponseCode)?.toUpperCase();
  if (e.authenticationFailed === true || (serverCode && AUTH_CODES.has(serverCode))) {
    return { action: "disable", reason: "auth", message };
  }
  if (e.mailboxMissing === true || code === "NotFound" || (serverCode && MISSING_FOLDER_CODES.has(serverCode))) {
    return { action: "disable", reason: "missing_folder", message };
  }
  if (code === "ETHROTTLE") {
    const wait = typeof e.throttleReset === "number" && e.throttleReset > 0 ? e.throttleReset : undefined;
    return { action: "backoff", reason: "throttled", message, ...(wait ? { minDelayMs: wait } : {}) };
  }
  if (code && TIMEOUT_CODES.has(code)) return { action: "backoff", reason: "timeout", message };
  if (code && NETWORK_CODES.has(code)) return { action: "backoff", reason: "network", message };
  return { action: "backoff", reason: "other", message };
}

export const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * Delay before the next attempt after `failures` consecutive failed passes: the poll interval,
 * doubled per failure, capped at 15 minutes (or the server's own throttle hint when longer).
 */
export function backoffDelayMs(failures: number, pollMs: number, failure?: Pick<ImapFailure, "minDelayMs">): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 20);
  const delay = Math.min(MAX_BACKOFF_MS, pollMs * 2 ** exponent);
  return Math.max(delay, failure?.minDelayMs ?? 0);
}
