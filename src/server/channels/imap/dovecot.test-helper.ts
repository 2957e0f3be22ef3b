// A private Dovecot IMAP server for tests: its own config, directories, log and port under a temp dir.
// The system Dovecot (and /etc/dovecot) is never used.
//
// Running as root (CI): Dovecot refuses to give mail access to UID 0, so mail is stored as
// nobody:nogroup (65534) in a home directory chowned to it, and the temp dir is made world-traversable
// so Dovecot's unprivileged helpers (its own `dovecot` and `dovenull` users, created by the Debian
// package) can reach the sockets and the password file. Running as any other user: Dovecot cannot switch
// users, so every service runs as the current user (default_internal_user / default_login_user), login
// and anvil are not chrooted, and mail is stored under the current UID.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ImapFlow } from "imapflow";
import { requireServices } from "../../test/harness.ts";
import { freePort } from "../../test/ports.ts";

export const dovecotBin = process.env.PAYDESK_DOVECOT_BIN ?? "/usr/sbin/dovecot";

export type DovecotUser = { user: string; password: string };

export type Dovecot = {
  host: string;
  port: number;
  dir: string;
  /** Where a user's Maildir lives. */
  maildir(user: string): string;
  stop(): Promise<void>;
};

const NOBODY = 65534;

export const dovecotMissingNotice = `Dovecot not installed (${dovecotBin} missing; Debian package dovecot-imapd)`;

/**
 * True when Dovecot can run here. Otherwise prints a loud skip notice, unless PAYDESK_REQUIRE_SERVICES=1:
 * then the caller must fail instead (see requireServices).
 */
export function dovecotAvailable(): boolean {
  if (existsSync(dovecotBin)) return true;
  if (!requireServices) console.warn(`\n*** SKIP: ${dovecotMissingNotice}: the IMAP poller tests are skipped ***\n`);
  return false;
}

export { requireServices };

export { freePort };

function dovecotConf(dir: string, port: number, mailUid: number, mailGid: number): string {
  const asRoot = process.getuid?.() === 0;
  const me = userInfo();
  const rootless = asRoot ? "" : `
default_internal_user = ${me.username}
default_login_user = ${me.username}
default_internal_group = ${groupName(me.gid) ?? me.username}
service imap-login {
  chroot =
}`;
  return `# Written by the PayDesk IMAP tests; nothing here reads /etc/dovecot.
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = paydesk-test-${port}
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
first_valid_uid = ${Math.min(mailUid, 500)}
first_valid_gid = ${Math.min(mailGid, 1)}
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${dir}/home/%u
}
# No auth penalty: the wrong-password test would otherwise slow every later login from 127.0.0.1.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }${asRoot ? "" : `
  chroot =`}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}${rootless}
`;
}

function groupName(gid: number): string | undefined {
  try {
    for (const line of readFileSync("/etc/group", "utf8").split("\n")) {
      const [name, , id] = line.split(":");
      if (name && Number(id) === gid) return name;
    }
  } catch {
    // No /etc/group: fall back to the user name.
  }
  return undefined;
}

async function waitForPort(port: number, child: ChildProcess, output: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`dovecot exited (${child.exitCode ?? child.signalCode}) before listening:\n${output()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port });
      socket.once("connect", () => { socket.destroy(); resolve(true); });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on ${port} within ${timeoutMs} ms:\n${output()}`);
    await sleep(50);
  }
}

export async function startDovecot(users: DovecotUser[] = [{ user: "paydesk", password: "secret" }]): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), "paydesk-dovecot-"));
  const asRoot = process.getuid?.() === 0;
  const mailUid = asRoot ? NOBODY : process.getuid!();
  const mailGid = asRoot ? NOBODY : process.getgid!();
  // Dovecot's own unprivileged processes must reach the sockets and the password file.
  chmodSync(dir, 0o755);
  for (const sub of ["run", "state", "home"]) mkdirSync(join(dir, sub));
  for (const { user } of users) {
    mkdirSync(join(dir, "home", user));
    if (asRoot) chownSync(join(dir, "home", user), mailUid, mailGid);
  }
  writeFileSync(join(dir, "passwd"), users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(""), { mode: 0o644 });

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    writeFileSync(join(dir, "dovecot.conf"), dovecotConf(dir, port, mailUid, mailGid));
    const child = spawn(dovecotBin, ["-F", "-c", join(dir, "dovecot.conf")], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const logText = () => {
      const log = existsSync(join(dir, "dovecot.log")) ? readFileSync(join(dir, "dovecot.log"), "utf8") : "";
      return `${output}${log}`.split("\n").slice(-30).join("\n");
    };
    try {
      await waitForPort(port, child, logText);
    } catch (err) {
      lastError = err;
      await stopChild(child);
      continue; // most likely the port was taken between picking and binding it
    }
    return {
      host: "127.0.0.1",
      port,
      dir,
      maildir: (user) => join(dir, "home", user, "Maildir"),
      async stop() {
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const killed = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!killed) {
    child.kill("SIGKILL");
    await exited;
  }
}

/** A real IMAP client session, for putting test mail into the server the way a mail client would. */
export async function connectImap(server: Dovecot, user = "paydesk", password = "secret"): Promise<ImapFlow> {
  const client = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user, pass: password }, logger: false, disableAutoIdle: true });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** `internalDate`: when the server says it received them (defaults to now). */
export async function appendMessages(server: Dovecot, folder: string, messages: Buffer[], user = "paydesk", internalDate?: Date): Promise<number[]> {
  const client = await connectImap(server, user);
  try {
    const uids: number[] = [];
    for (const raw of messages) {
      const res = await client.append(folder, raw, [], internalDate);
      if (res && res.uid) uids.push(res.uid);
    }
    return uids;
  } finally {
    await client.logout();
  }
}
