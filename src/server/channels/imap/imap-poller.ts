// Schedules sync passes for every configured IMAP account: one pass at start, then one every
// pollSeconds; right away again while a backlog remains, or when IDLE says mail arrived (imap-watch.ts);
// exponential back-off (capped) after transient errors; no more passes for an account whose error needs
// a person (bad credentials, missing folder).
import type { ImapAccountConfig } from "../../config.ts";
import { ConfigError } from "../../config.ts";
import type { Ctx } from "../../context.ts";
import { backoffDelayMs } from "./imap-errors.ts";
import { syncImapAccountOnce, type ImapSyncOptions } from "./imap-sync.ts";
import { watchFolder, type FolderWatch } from "./imap-watch.ts";

export type ImapPollers = {
  start(): void;
  /** Stops scheduling, lets running passes finish the message in hand, and waits for them to log out. */
  stop(): Promise<void>;
};

type AccountPoller = { start(): void; stop(): Promise<void> };

export function createImapPollers(ctx: Ctx, accounts: ImapAccountConfig[], options: Omit<ImapSyncOptions, "signal"> = {}): ImapPollers {
  assertUniqueNames(accounts);
  const shutdown = new AbortController();
  const pollers = accounts.map((account) => createAccountPoller(ctx, account, shutdown.signal, options));
  return {
    start() {
      for (const poller of pollers) poller.start();
    },
    async stop() {
      shutdown.abort();
      await Promise.all(pollers.map((poller) => poller.stop()));
    },
  };
}

function createAccountPoller(ctx: Ctx, account: ImapAccountConfig, signal: AbortSignal, options: Omit<ImapSyncOptions, "signal">): AccountPoller {
  const log = ctx.log.child({ service: "imap", account: account.name });
  const pollMs = account.pollSeconds * 1000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let started = false;
  let stopped = false;
  let failures = 0;
  let wakeAgain = false;
  let watch: FolderWatch | null = null;

  /** New mail announced: pass now, or right after the running one. Back-off still holds after failures. */
  function wake(): void {
    if (stopped || failures > 0) return;
    if (running) {
      wakeAgain = true;
      return;
    }
    if (timer) clearTimeout(timer);
    schedule(0);
  }

  function schedule(ms: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      running = runPass().finally(() => {
        running = null;
      });
    }, ms);
  }

  async function runPass(): Promise<void> {
    let delay = pollMs;
    wakeAgain = false;
    try {
      const result = await syncImapAccountOnce(ctx, account, { ...options, signal });
      if (result.failure?.action === "disable") {
        void watch?.stop(); // already logged as an alert; no further passes, nothing to watch for
        return;
      }
      if (result.failure) {
        failures += 1;
        delay = backoffDelayMs(failures, pollMs, result.failure);
        log.warn({ failures, retryInSeconds: Math.round(delay / 1000) }, "imap account backing off");
      } else {
        failures = 0;
        if (result.more || wakeAgain) delay = 0;
      }
    } catch (err) {
      // syncImapAccountOnce records its own failures; this is a fault in the pass itself.
      failures += 1;
      delay = backoffDelayMs(failures, pollMs);
      log.error({ err: (err as Error).message, retryInSeconds: Math.round(delay / 1000) }, "imap pass crashed");
    }
    schedule(delay);
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      schedule(0);
      if (account.idle) watch = watchFolder(account, log, wake);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await Promise.all([running, watch?.stop()]);
    },
  };
}

/** Accounts are keyed by name in the cursor table: two accounts sharing one would share a cursor. */
function assertUniqueNames(accounts: ImapAccountConfig[]): void {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const account of accounts) {
    if (seen.has(account.name)) problems.push(`imap: account name "${account.name}" is used twice; names must be unique`);
    seen.add(account.name);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
export { syncImapAccountOnce, type ImapSyncResult } from "./imap-sync.ts";
