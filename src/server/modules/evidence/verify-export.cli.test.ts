// `paydesk verify-export` as a customer runs it: a real child process, exit codes and what it prints.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { unzipSync } from "fflate";
import { openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createExportKey, generateExportKeyPem } from "../../security/export-key.ts";
import { replyToTicket } from "../tickets/reply.commands.ts";
import { findTicketByNumber } from "../tickets/ticket.repo.ts";
import { buildEvidenceArchive } from "./build-export.ts";
import { encodeManifest, encodeSignature, manifestSchema, writeArchive } from "./evidence-format.ts";

const bin = fileURLToPath(new URL("../../../../bin/paydesk.mjs", import.meta.url));

describe("paydesk verify-export", () => {
  let rt: TestRuntime;
  let dir: string;
  const path = (name: string) => join(dir, name);

  function run(args: string[], dataDir: string): Promise<{ status: number | null; stdout: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, PAYDESK_DATA_DIR: dataDir, PAYDESK_LOG_LEVEL: "silent", DATABASE_URL: "" };
    delete env.PAYDESK_CONFIG;
    delete env.PAYDESK_EXPORT_KEY_FILE;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, "verify-export", ...args], { cwd: dir, env, stdio: ["ignore", "pipe", "inherit"] });
      let stdout = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout }));
    });
  }

  before(async () => {
    rt = await openTestRuntime("sqlite");
    dir = mkdtempSync(join(tmpdir(), "paydesk-verify-"));
    await acceptInbound(rt.ctx, {
      channel: "smtp", raw: await makeMail({ from: "li@example.net", subject: "退款 refund", text: "请帮我退款。" }),
      envelope: { mailFrom: "li@example.net", rcptTo: ["support@example.com"] },
    });
    await rt.runner.drain();
    const ticket = (await findTicketByNumber(rt.ctx, 100001))!;
    await replyToTicket(rt.ctx, ticket.id, { text: "已为您处理退款。" });
    const zip = (await buildEvidenceArchive(rt.ctx, ticket.id, { font: null })).bytes;
    writeFileSync(path("good.zip"), zip);
    writeFileSync(path("key.pem"), rt.ctx.services.exportKey.publicKeyPem);
    const bad = Buffer.from(zip);
    const at = bad.indexOf("Content-Type: text/plain");
    bad[at + 2] = bad[at + 2]! ^ 0x01;
    writeFileSync(path("bad.zip"), bad);

    // The same files under a manifest signed by someone else's key.
    const files = unzipSync(zip);
    const manifest = manifestSchema.parse(JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8")));
    const other = createExportKey(generateExportKeyPem());
    const forged = encodeManifest({ ...manifest, key: { ...manifest.key, fingerprint: other.fingerprint, publicKey: other.publicKeyPem.replace(/-----[^-]+-----|\s/g, "") } });
    const entries = manifest.files.map((f) => [f.name, files[f.name]!] as [string, Uint8Array]);
    writeFileSync(path("forged.zip"), writeArchive([...entries, ["manifest.json", forged], ["manifest.sig", encodeSignature(other.sign(forged))]], manifest.exportedAt));
  });
  after(async () => {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits 0 for an intact archive checked against the given key, and lists the messages", async () => {
    const res = await run(["good.zip", "--key", "key.pem"], path("no-install"));
    assert.equal(res.status, 0, res.stdout);
    assert.match(res.stdout, /^VALID: good\.zip/);
    assert.match(res.stdout, /ticket OK-100001: 退款 refund/);
    assert.match(res.stdout, /messages\/001-inbound\.eml .* li@example\.net/);
    assert.match(res.stdout, /messages\/002-outbound\.eml/);
  });

  it("exits 1 and lists the problems when a byte was changed", async () => {
    const res = await run(["bad.zip", "--key", "key.pem"], path("no-install"));
    assert.equal(res.status, 1, res.stdout);
    assert.match(res.stdout, /^INVALID: bad\.zip/);
    assert.match(res.stdout, /Problems:\n {2}- "messages\/001-inbound\.eml" was changed/);
  });

  it("uses this installation's key when run where PayDesk's data directory is", async () => {
    const good = await run(["good.zip"], rt.dataDir);
    assert.equal(good.status, 0, good.stdout);
    assert.match(good.stdout, /checked with this installation's key/);
    assert.doesNotMatch(good.stdout, /warning/);
    const forged = await run(["forged.zip"], rt.dataDir);
    assert.equal(forged.status, 1, forged.stdout);
    assert.match(forged.stdout, /signature does not match/);
  });

  it("elsewhere trusts the key inside the archive, with a warning to compare the fingerprint", async () => {
    const res = await run(["forged.zip"], path("no-install"));
    assert.equal(res.status, 0, res.stdout);
    assert.match(res.stdout, /checked with the key inside the archive/);
    assert.match(res.stdout, /warning: .*Compare it with the fingerprint published on the help centre/);
  });

  it("exits 2 when the file cannot be read", async () => {
    const res = await run(["missing.zip"], path("no-install"));
    assert.equal(res.status, 2);
    assert.match(res.stdout, /Cannot read/);
  });
});
