// Placeholder replaced by the IMAP poller.
import type { Ctx } from "../../context.ts";
import type { ImapAccountConfig } from "../../config.ts";

export function createImapPollers(_ctx: Ctx, _accounts: ImapAccountConfig[]) {
  return { start() {}, async stop() {} };
}
