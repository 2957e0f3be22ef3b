// Opens one IMAP session for an account. A sync session lives for one pass; a watching session
// (imap-watch.ts) stays open in IDLE.
import { ImapFlow } from "imapflow";
import type { Logger } from "pino";
import type { ImapAccountConfig } from "../../config.ts";
import { describeImapError } from "./imap-errors.ts";

export type ImapClientOptions = {
  /** Budget for TCP/TLS connect (ms). */
  connectionTimeoutMs?: number;
  /** How long to wait for the server greeting (ms). */
  greetingTimeoutMs?: number;
  /** Idle socket limit (ms): a server that stops answering mid-pass fails the pass instead of hanging it. */
  socketTimeoutMs?: number;
  /** For a watching session (imap-watch.ts): IDLE is broken and re-issued this often (ms). */
  idleRestartMs?: number;
};

export function createImapClient(account: ImapAccountConfig, log: Logger, options: ImapClientOptions = {}): ImapFlow {
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.secure,
    auth: { user: account.user, pass: account.password },
    tls: { rejectUnauthorized: !account.insecureTls },
    logger: false,
    // IDLE only where asked for (a watching session calls idle() itself); a pass is one short session.
    disableAutoIdle: true,
    ...(options.idleRestartMs ? { maxIdleTime: options.idleRestartMs } : {}),
    connectionTimeout: options.connectionTimeoutMs ?? 30_000,
    greetingTimeout: options.greetingTimeoutMs ?? 16_000,
    socketTimeout: options.socketTimeoutMs ?? 120_000,
    clientInfo: { name: "PayDesk" },
  });
  // ImapFlow reports broken connections as 'error' events too; without a listener Node would throw them
  // at the process. The pending command rejects as well, and that is where the pass handles it.
  client.on("error", (err: unknown) => log.debug({ err: describeImapError(err) }, "imap connection error"));
  return client;
}

/** Ends the session politely when possible, and for certain either way. Never throws. */
export async function closeImapClient(client: ImapFlow): Promise<void> {
  if (client.usable) {
    try {
      await client.logout();
      return;
    } catch {
      // Fall through to a hard close.
    }
  }
  try {
    client.close();
  } catch {
    // Already closed.
  }
}
