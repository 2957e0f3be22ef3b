// What PayDesk writes under its data directory is for its own user alone: a real `paydesk start` in a child process.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import nodemailer from "nodemailer";
import { makeMail } from "./test/mail-factory.ts";

const bin = fileURLToPath(new URL("../../bin/paydesk.mjs", import.meta.url));

/** Mode bits of everything under `dir`, the directory itself included, keyed by path relative to it. */
function modesUnder(dir: string): Map<string, string> {
  const modes = new Map<string, string>();
  const visit = (path: string) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return; // a temp file renamed meanwhile
    }
    modes.set(relative(dir, path) || ".", (st.mode & 0o777).toString(8));
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return modes;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 100) {
    if (waited > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("data directory", () => {
  const cwd = mkdtempSync(join(tmpdir(), "paydesk-data-dir-"));
  after(() => rmSync(cwd, { recursive: true, force: true }));

  it("keeps the database, blobs, outbox and secrets private to the service's user, also in a directory an older version made 0755", async () => {
    const dataDir = join(cwd, "data");
    mkdirSync(dataDir, { mode: 0o755 });
    writeFileSync(join(cwd, "paydesk.config.json"), JSON.stringify({
      services: ["web", "worker", "smtp"],
      http: { host: "127.0.0.1", port: 0 },
      smtp: { host: "127.0.0.1", port: 0 },
      // Every blob on disk, so raw mail and composed mail are files here too.
      storage: { inlineMaxBytes: 0 },
      worker: { threads: 0 },
      logLevel: "silent",
    }));
    const env = { ...process.env, DATABASE_URL: "", PAYDESK_DATA_DIR: dataDir };
    const child = spawn(process.execPath, [bin, "start"], { cwd, env, stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      await until(() => /^First start:/m.test(stdout) || child.exitCode !== null, "the start");
      const smtpPort = Number(/^smtp: receiving on 127\.0\.0\.1:(\d+)/m.exec(stdout)?.[1]);
      assert.ok(smtpPort > 0, stdout);

      const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPort, secure: false, ignoreTLS: true });
      await transport.sendMail({ envelope: { from: "li.wei@example.net", to: ["support@example.com"] }, raw: await makeMail() });
      transport.close();
      // The acknowledgement, kept in the outbox as no relay is configured.
      const outbox = join(dataDir, "outbox");
      await until(() => existsSync(outbox) && readdirSync(outbox).some((name) => name.endsWith(".eml")), "the acknowledgement in the outbox");

      const modes = modesUnder(dataDir);
      for (const written of ["paydesk.sqlite", "secrets.json", "export-key.pem", "blobs", "outbox"]) assert.ok(modes.has(written), `${written} is there`);
      assert.ok([...modes.keys()].some((path) => path.startsWith("blobs/") && modes.get(path) === "600"), "blob files are there");
      const open = [...modes].filter(([path, mode]) => mode !== (statSync(join(dataDir, path)).isDirectory() ? "700" : "600"));
      assert.deepEqual(open, [], "readable by no one else");
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  });
});
