// What the receiver says 250 to survives the process being killed: the receiver runs in a child process,
// is sent mail over several connections at once, and is SIGKILLed mid-stream.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, it } from "node:test";
import nodemailer from "nodemailer";
import { parseConfig } from "../../config.ts";
import { openRuntime, type Runtime } from "../../runtime.ts";
import { createPgSchema, dropPgSchema, forEachDialect, quietLog, testConfigInput } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";

const fixture = fileURLToPath(new URL("./smtp-child.fixture.ts", import.meta.url));
const TOTAL = 200;
const CONNECTIONS = 4;
const KILL_AFTER = TOTAL / 2;

type Child = { process: ChildProcess; port: number; exited: Promise<number | null> };

function startChild(configInput: object, pgSchema: string | undefined): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", fixture], {
    env: { ...process.env, PAYDESK_CHILD_CONFIG: JSON.stringify(configInput), PAYDESK_CHILD_PG_SCHEMA: pgSchema ?? "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ process: child, port: Number(m[1]), exited });
    });
    void exited.then((code) => reject(new Error(`receiver process exited (${code}) before listening`)));
  });
}

async function send(port: number, raw: Buffer, from: string) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, connectionTimeout: 10_000, socketTimeout: 30_000 });
  try {
    return await transport.sendMail({ envelope: { from, to: ["support@example.com"] }, raw });
  } finally {
    transport.close();
  }
}

await forEachDialect("smtp receiver killed mid-stream", (dialect) => {
  let dataDir: string;
  let pgSchema: string | undefined;
  let configInput: Record<string, unknown>;
  let rt: Runtime | null = null;
  const children: ChildProcess[] = [];

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "paydesk-durability-"));
    if (dialect === "postgres") pgSchema = await createPgSchema();
    configInput = testConfigInput(dialect, dataDir, {
      services: ["smtp"],
      smtp: { host: "127.0.0.1", port: 0, maxConnectionsPerClient: 20, maxMessagesPerClientPerMinute: 100_000 },
      intake: { burstLimitPer10Minutes: 10_000 },
      // As deployed: message work on a thread of its own, jobs side by side.
      worker: { threads: 1, concurrency: 4 },
    });
  });

  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await rt?.close();
    if (pgSchema) await dropPgSchema(pgSchema);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps every message it said 250 to, exactly once, and the worker turns each into one message", async (t) => {
    const first = await startChild(configInput, pgSchema);
    children.push(first.process);

    const mails = await Promise.all(
      Array.from({ length: TOTAL }, async (_, i) => {
        const messageId = `<durable-${i}-${randomBytes(4).toString("hex")}@client.example.net>`;
        const from = `customer${i}@example.net`;
        const raw = await makeMail({ from, messageId, subject: `Withdrawal question ${i}`, text: `Message number ${i}: where is my withdrawal?` });
        return { messageId, from, raw };
      }),
    );
    const accepted = new Map<string, string>(); // Message-ID -> intake id from the 250 text
    const refused: string[] = [];
    let next = 0;
    let killed = false;

    const worker = async () => {
      while (!killed && next < TOTAL) {
        const mail = mails[next++]!;
        try {
          const info = await send(first.port, mail.raw, mail.from);
          const intakeId = /Accepted as (\S+)/.exec(info.response)?.[1];
          assert.ok(intakeId, info.response);
          accepted.set(mail.messageId, intakeId);
          if (!killed && accepted.size >= KILL_AFTER) {
            killed = true;
            first.process.kill("SIGKILL");
          }
        } catch {
          refused.push(mail.messageId);
        }
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    assert.ok(killed, "the receiver was never killed");
    await first.exited;
    assert.equal(first.process.signalCode, "SIGKILL");
    assert.ok(accepted.size >= KILL_AFTER);
    assert.ok(accepted.size < TOTAL, "everything was accepted before the kill");

    // The receiver comes back on the same data and takes mail again.
    const second = await startChild(configInput, pgSchema);
    children.push(second.process);
    const late = await makeMail({ from: "late@example.net", messageId: "<after-restart@client.example.net>", subject: "After the restart" });
    assert.match((await send(second.port, late, "late@example.net")).response, /Accepted as/);
    second.process.kill("SIGTERM");
    assert.equal(await second.exited, 0);

    rt = await openRuntime(parseConfig(configInput), {
      log: quietLog,
      pgSchema,
      dnsResolver: async (name) => {
        throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
      },
    });
    const rows = await rt.ctx.db.selectFrom("inbound").selectAll().execute();
    const byMessageId = new Map<string, typeof rows>();
    for (const row of rows) {
      const list = byMessageId.get(row.message_id_header ?? "") ?? [];
      list.push(row);
      byMessageId.set(row.message_id_header ?? "", list);
    }
    const raws = new Map(mails.map((m) => [m.messageId, m.raw]));
    for (const [messageId, intakeId] of accepted) {
      const found = byMessageId.get(messageId) ?? [];
      assert.equal(found.length, 1, `${messageId} was answered 250 but is stored ${found.length} times`);
      assert.equal(found[0]!.id, intakeId);
      assert.equal(found[0]!.status, "pending");
      const stored = await rt.ctx.services.blobs.get(found[0]!.raw_blob_key);
      assert.ok(stored.equals(raws.get(messageId)!), `${messageId}: the stored bytes differ from what was sent`);
    }
    const storedAnyway = refused.filter((id) => byMessageId.has(id)).length;
    t.diagnostic(`${accepted.size} answered 250 before the kill; ${refused.length} not, of which ${storedAnyway} were stored anyway`);
    for (const messageId of refused) assert.ok((byMessageId.get(messageId)?.length ?? 0) <= 1, `${messageId} stored twice`);
    assert.equal(byMessageId.get("<after-restart@client.example.net>")?.length, 1);
    // Every intake row has its processing job: none was committed without the other.
    const jobs = await rt.ctx.db.selectFrom("jobs").select(["payload_json", "status"]).where("kind", "=", "inbound.process").execute();
    assert.deepEqual(new Set(jobs.map((j) => (JSON.parse(j.payload_json) as { inboundId: string }).inboundId)), new Set(rows.map((r) => r.id)));
    assert.ok(jobs.every((j) => j.status === "queued"));

    await rt.runner.drain();
    const processed = await rt.ctx.db.selectFrom("inbound").select(["id", "status", "reason"]).execute();
    for (const row of processed) assert.equal(row.status, "processed", `${row.id}: ${row.reason}`);
    const messages = await rt.ctx.db.selectFrom("messages").select(["message_id_header", "ticket_id"]).where("direction", "=", "inbound").execute();
    for (const messageId of [...accepted.keys(), "<after-restart@client.example.net>"]) {
      assert.equal(messages.filter((m) => m.message_id_header === messageId).length, 1, `${messageId} did not become exactly one message`);
    }
    assert.equal(messages.length, rows.length);
  });
});
