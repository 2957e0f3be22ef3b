// Watches an IMAP folder with IDLE on a session of its own and says when new mail arrives, so the
// poller takes it in within a second or two instead of at the next poll. Taking mail in stays the
// poller's job (one short session per pass, the cursor, the error classes); when the server has no
// IDLE or the watching session fails, the schedule simply goes on polling.
import type { ImapFlow } from "imapflow";
import type { Logger } from "pino";
import type { ImapAccountConfig } from "../../config.ts";
import { closeImapClient, createImapClient } from "./imap-client.ts";
import { describeImapError } from "./imap-errors.ts";

/** IDLE is re-issued this often: well inside the 29 minutes RFC 2177 allows, and it keeps NAT paths warm. */
const IDLE_RESTART_MS = 60_000;
const RECONNECT_MIN_MS = 5_000;
const RECONNECT_MAX_MS = 5 * 60_000;

export type FolderWatch = { stop(): Promise<void> };

export function watchFolder(account: ImapAccountConfig, log: Logger, onNewMail: () => void): FolderWatch {
  let stopped = false;
  let client: ImapFlow | null = null;
  let wait: { timer: NodeJS.Timeout; done(): void } | null = null;
  let failures = 0;

  const pause = (ms: number) => new Promise<void>((resolve) => {
    wait = { timer: setTimeout(resolve, ms), done: resolve };
  });

  /** Returns false when the server cannot IDLE: then there is nothing to watch with. */
  async function watchOnce(): Promise<boolean> {
    const c = createImapClient(account, log, { idleRestartMs: IDLE_RESTART_MS });
    client = c;
    try {
      await c.connect();
      if (!c.capabilities.has("IDLE")) {
        log.info("imap server does not offer IDLE: polling only");
        return false;
      }
      await c.mailboxOpen(account.folder, { readOnly: true });
      failures = 0;
      c.on("exists", (e: { count: number; prevCount: number }) => {
        if (e.count > e.prevCount) onNewMail();
      });
      // Mail may have come between the last pass and this session.
      onNewMail();
      while (!stopped && c.usable) await c.idle();
      return true;
    } finally {
      client = null;
      await closeImapClient(c);
    }
  }

  const running = (async () => {
    while (!stopped) {
      try {
        if (!(await watchOnce())) return;
      } catch (err) {
        if (stopped) return;
        failures += 1;
        log.debug({ err: describeImapError(err), failures }, "imap watch session ended; reconnecting");
      }
      if (!stopped) await pause(Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(failures, 6)));
    }
  })();

  return {
    async stop() {
      stopped = true;
      if (wait) {
        clearTimeout(wait.timer);
        wait.done();
      }
      // Closing the socket ends the IDLE the session is waiting in.
      client?.close();
      await running;
    },
  };
}
