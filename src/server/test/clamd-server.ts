// A private clamd for tests: its own config, socket and signature database under a temp dir. No
// downloaded signatures exist here, so it loads one of ours that marks a test string as malware.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createConnection } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createClamdScanner } from "../security/clamd-scanner.ts";
import { requireServices } from "./harness.ts";

export const clamdBin = process.env.PAYDESK_CLAMD_BIN ?? "/usr/sbin/clamd";
export const clamdMissingNotice = `ClamAV's daemon not installed (${clamdBin} missing; Debian package clamav-daemon)`;

/** Bytes our test signature matches; anything that contains them is reported as `PayDesk.Test.Malware`. */
export const TEST_MALWARE = Buffer.from("PAYDESK-TEST-MALWARE-7c1f3a9e-DO-NOT-OPEN");
export const TEST_SIGNATURE = "PayDesk.Test.Malware.UNOFFICIAL";

export type Clamd = { socket: string; dir: string; stop(): Promise<void> };

/** A ZIP marked as password-protected (the flag clamd goes by), as a bank's encrypted statement arrives. */
export function encryptedZip(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 10 <= out.length; i++) {
    const signature = out.readUInt32LE(i);
    if (signature === 0x04034b50) out.writeUInt16LE(out.readUInt16LE(i + 6) | 1, i + 6); // local header flags
    if (signature === 0x02014b50) out.writeUInt16LE(out.readUInt16LE(i + 8) | 1, i + 8); // central directory flags
  }
  return out;
}

/** True when clamd can run here; otherwise a loud skip notice (the caller fails instead under PAYDESK_REQUIRE_SERVICES=1). */
export function clamdAvailable(): boolean {
  if (existsSync(clamdBin)) return true;
  if (!requireServices) console.warn(`\n*** SKIP: ${clamdMissingNotice}: the virus scanning tests are skipped ***\n`);
  return false;
}

export { requireServices };

/**
 * A signature update, as freshclam brings one: a new signature for `bytes` in clamd's database directory,
 * then RELOAD, and back once clamd finds `bytes` (the reload runs in the background).
 */
export async function addSignature(clamd: Clamd, name: string, bytes: Buffer): Promise<void> {
  writeFileSync(join(clamd.dir, "db", `${name}.ndb`), `${name}:0:*:${bytes.toString("hex")}\n`);
  await clamdCommand(clamd.socket, "RELOAD");
  const scanner = createClamdScanner(clamd.socket, 5000);
  for (let i = 0; i < 100; i++) {
    if ((await scanner.scan(bytes)).kind === "infected") return;
    await sleep(100);
  }
  throw new Error(`clamd did not pick up signature ${name}`);
}

function clamdCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const connection = createConnection({ path: socket });
    let answer = "";
    connection.on("data", (d: Buffer) => (answer += d.toString()));
    connection.on("end", () => resolve(answer.replace(/\0$/, "")));
    connection.on("error", reject);
    connection.write(`z${command}\0`);
  });
}

/** Starts clamd and waits until its socket answers. `streamMaxBytes` sets its StreamMaxLength. */
export async function startClamd(options: { streamMaxBytes?: number } = {}): Promise<Clamd> {
  const dir = mkdtempSync(join(tmpdir(), "paydesk-clamd-"));
  mkdirSync(join(dir, "db"));
  writeFileSync(join(dir, "db", "paydesk-test.ndb"), `PayDesk.Test.Malware:0:*:${TEST_MALWARE.toString("hex")}\n`);
  const socket = join(dir, "clamd.sock");
  writeFileSync(join(dir, "clamd.conf"), [
    "# Written by the PayDesk tests; nothing here reads /etc/clamav.",
    "Foreground yes",
    `LocalSocket ${socket}`,
    `DatabaseDirectory ${join(dir, "db")}`,
    `TemporaryDirectory ${dir}`,
    `LogFile ${join(dir, "clamd.log")}`,
    `PidFile ${join(dir, "clamd.pid")}`,
    `StreamMaxLength ${options.streamMaxBytes ?? 25 * 1024 * 1024}`,
    "SelfCheck 3600",
    // What docs/mail.md recommends: report what clamd cannot look into instead of calling it clean.
    "AlertEncrypted yes",
    "AlertExceedsMax yes",
    "",
  ].join("\n"));
  const child = spawn(clamdBin, [`--config-file=${join(dir, "clamd.conf")}`], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const log = () => (existsSync(join(dir, "clamd.log")) ? readFileSync(join(dir, "clamd.log"), "utf8") : "") + stderr;
  for (let i = 0; i < 300 && !existsSync(socket); i++) {
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  if (!existsSync(socket)) {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`clamd did not start:\n${log().slice(-2000)}`);
  }
  return {
    socket,
    dir,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await Promise.race([exited, sleep(5000)]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
