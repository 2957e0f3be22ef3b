#!/usr/bin/env node
// Entry point of the `paydesk` command: runs the TypeScript sources through tsx.
import { register } from "tsx/esm/api";

// Everything PayDesk writes (database, mail, attachments, outbox, secrets) is for its own user alone:
// files 0600, directories 0700.
process.umask(0o077);
register();
// `paydesk outbox | head`: the reader has what it wanted and closed the pipe; that is not an error.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});
const { runCli } = await import("../src/server/cli.ts");
const { ConfigError } = await import("../src/server/config.ts");
try {
  const code = await runCli(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `paydesk: ${err?.message ?? err}`);
  process.exit(1);
}
