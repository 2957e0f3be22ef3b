// The data directory holds mail, attachments, secrets and outbox files with live tracking links: only the
// service's own user may enter it. (bin/paydesk.mjs also sets umask 077, so what is written inside is
// private too.)
import { chmodSync, mkdirSync, statSync } from "node:fs";

/** Creates the data directory private (0700), or makes an existing one private, as older versions left it 0755. */
export function ensurePrivateDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { mode, uid } = statSync(dir);
  // Another user's directory (a shared mount) is theirs to set; chmod would fail there anyway.
  if ((mode & 0o077) !== 0 && uid === process.getuid?.()) chmodSync(dir, 0o700);
}
