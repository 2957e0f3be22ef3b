// Stored files are scanned again before they are handed out, once the scan is old: against a real clamd
// (Debian's clamav-daemon) whose signatures are updated under it, per dialect.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { unzipSync } from "fflate";
import { simpleParser } from "mailparser";
import type { FastifyInstance } from "fastify";
import { buildHttpApp } from "../../http/app.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { addSignature, clamdAvailable, clamdMissingNotice, requireServices, startClamd, type Clamd } from "../../test/clamd-server.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { createAgent, issueToken } from "../agents/agent.commands.ts";
import { buildEvidenceArchive } from "../evidence/build-export.ts";
import { assertStillClean, RELEASED_BY_ADMIN } from "./rescan.ts";
import { AppError } from "../../errors.ts";

const PASSWORD = "correct horse battery staple 42";
const DAY_MS = 24 * 3_600_000;

const suite = (clamd: Clamd) => (dialect: "sqlite" | "postgres") => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let link: string;
  const scannerUp = () => symlinkSync(clamd.socket, link);
  const scannerDown = () => rmSync(link, { force: true });
  before(async () => {
    link = join(clamd.dir, `rescan-${dialect}.sock`);
    scannerUp();
    rt = await openTestRuntime(dialect, { virusScan: { clamd: link, timeoutMs: 5000, rescanAfterHours: 24 } });
    await createAgent(rt.ctx, { email: "ops@example.com", name: "Ops", role: "admin", password: PASSWORD });
    app = await buildHttpApp(rt.ctx);
  });
  after(async () => {
    scannerDown();
    await app?.close();
    await rt?.close();
  });

  /** A message with one file, processed; the file's row. */
  async function storedFile(content: Buffer, filename: string) {
    const { inboundId } = await acceptInbound(rt.ctx, {
      channel: "smtp", raw: await makeMail({ subject: "Statement attached", attachments: [{ filename, content, contentType: "application/pdf" }] }),
      envelope: { mailFrom: "li.wei@example.net", rcptTo: ["support@example.com"] },
    });
    await rt.runner.drain();
    const intake = await rt.ctx.db.selectFrom("inbound").select(["message_id", "ticket_id"]).where("id", "=", inboundId).executeTakeFirstOrThrow();
    const file = await rt.ctx.db.selectFrom("attachments").selectAll().where("message_id", "=", intake.message_id!).executeTakeFirstOrThrow();
    return { file, ticketId: intake.ticket_id! };
  }
  // A token of the moment: the tests move the clock on by days.
  const download = async (id: string) => {
    const { token } = await issueToken(rt.ctx, "ops@example.com", PASSWORD);
    return app.inject({ method: "GET", url: `/api/attachments/${id}`, headers: { authorization: `Bearer ${token}` } });
  };

  it("hands a file out on its arrival scan for a day, then scans it again with the signatures of the day and quarantines it", async () => {
    // Not known to clamd when it arrives: a signature for it comes later.
    const marker = Buffer.from(`PAYDESK-LATER-MALWARE-${randomBytes(8).toString("hex")}`);
    const { file, ticketId } = await storedFile(Buffer.concat([Buffer.from("%PDF-1.4\n"), marker]), "statement.pdf");
    assert.ok(file.scanned_at, "the arrival scan is recorded");
    assert.equal(file.scanned_with, "", "this clamd names no signature version");
    assert.equal((await download(file.id)).statusCode, 200);

    const name = `PayDesk.Test.Later${dialect}`;
    await addSignature(clamd, name, marker);
    // Within the day, with signatures that name no version: the arrival scan stands.
    assert.equal((await download(file.id)).statusCode, 200);

    rt.clock.advance(DAY_MS + 60_000);
    const refused = await download(file.id);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json().error.message, new RegExp(`finds ${name}.* in statement\\.pdf`));
    const row = await rt.ctx.db.selectFrom("attachments").select(["quarantine"]).where("id", "=", file.id).executeTakeFirstOrThrow();
    assert.match(row.quarantine ?? "", new RegExp(name));
    const event = await rt.ctx.db.selectFrom("events").select("data_json").where("ticket_id", "=", ticketId).where("kind", "=", "attachment.quarantined").executeTakeFirstOrThrow();
    assert.equal(JSON.parse(event.data_json).filename, "statement.pdf");
    // The console names it without a link; the customer's page lists it as held back, not as a download.
    const ticketPage = await app.inject({ method: "GET", url: `/api/tickets/${ticketId}`, headers: { authorization: `Bearer ${(await issueToken(rt.ctx, "ops@example.com", PASSWORD)).token}` } });
    const listed = (ticketPage.json().messages as { attachments: { id: string; url: string | null; quarantine: string | null }[] }[]).flatMap((m) => m.attachments).find((a) => a.id === file.id);
    assert.deepEqual({ url: listed?.url, quarantine: listed?.quarantine }, { url: null, quarantine: row.quarantine });
    // Quarantined stays quarantined, scanner or not, and the evidence export names it instead of carrying it.
    scannerDown();
    try {
      assert.equal((await download(file.id)).statusCode, 409);
    } finally {
      scannerUp();
    }
    const archive = await buildEvidenceArchive(rt.ctx, ticketId, { font: null });
    const emls = Object.entries(unzipSync(new Uint8Array(archive.bytes))).filter(([path]) => path.endsWith(".eml"));
    assert.ok(emls.length > 0);
    for (const [path, bytes] of emls) {
      const mail = await simpleParser(Buffer.from(bytes));
      assert.deepEqual(mail.attachments.map((a) => a.filename), [], path);
      assert.match(String(mail.headers.get("x-paydesk-withheld")), /kept at the desk: statement\.pdf \(flagged by the virus scanner\)/, path);
    }
  });

  it("rescans a stale file that is still clean and records the new scan; refuses it (503) while the scanner is down", async () => {
    const { file } = await storedFile(Buffer.from(`%PDF-1.4\nharmless ${randomBytes(8).toString("hex")}`), "receipt.pdf");
    rt.clock.advance(DAY_MS + 60_000);
    scannerDown();
    try {
      const unavailable = await download(file.id);
      assert.equal(unavailable.statusCode, 503, unavailable.body);
    } finally {
      scannerUp();
    }
    assert.equal((await download(file.id)).statusCode, 200);
    const row = await rt.ctx.db.selectFrom("attachments").select(["scanned_at", "quarantine"]).where("id", "=", file.id).executeTakeFirstOrThrow();
    assert.equal(row.scanned_at, rt.clock.now().toISOString());
    assert.equal(row.quarantine, null);
  });

  it("leaves a file an admin released from the scan's hold to agents, however old, without scanning it again", async () => {
    const { file, ticketId } = await storedFile(Buffer.from(`%PDF-1.4\nreleased ${randomBytes(8).toString("hex")}`), "released.pdf");
    await rt.ctx.db.updateTable("attachments").set({ scanned_with: RELEASED_BY_ADMIN, agent_only: 1 }).where("id", "=", file.id).execute();
    rt.clock.advance(30 * DAY_MS);
    scannerDown();
    try {
      const bytes = await rt.ctx.services.blobs.get(file.blob_key);
      await assertStillClean(rt.ctx, { ...file, scanned_with: RELEASED_BY_ADMIN, ticket_id: ticketId }, bytes);
      assert.equal((await download(file.id)).statusCode, 200);
    } finally {
      scannerUp();
    }
  });

  it("scans a file stored while no scanner was configured before its first hand-out", async () => {
    const { file, ticketId } = await storedFile(Buffer.from(`%PDF-1.4\nbefore scanning ${randomBytes(8).toString("hex")}`), "old.pdf");
    await rt.ctx.db.updateTable("attachments").set({ scanned_at: null, scanned_with: null }).where("id", "=", file.id).execute();
    const bytes = await rt.ctx.services.blobs.get(file.blob_key);
    await assertStillClean(rt.ctx, { ...file, scanned_at: null, scanned_with: null, ticket_id: ticketId }, bytes);
    const row = await rt.ctx.db.selectFrom("attachments").select(["scanned_at", "scanned_with"]).where("id", "=", file.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { scanned_at: rt.clock.now().toISOString(), scanned_with: "" });
    scannerDown();
    try {
      // Just scanned: handed out without asking clamd again.
      await assertStillClean(rt.ctx, { ...file, ...row, ticket_id: ticketId }, bytes);
    } catch (err) {
      assert.fail(`a fresh scan should stand: ${(err as AppError).message}`);
    } finally {
      scannerUp();
    }
  });
};

if (clamdAvailable()) {
  const clamd = await startClamd();
  after(() => clamd.stop());
  await forEachDialect("rescanning stored files against a real clamd", suite(clamd));
} else if (requireServices) it("has clamd to test against", () => assert.fail(`${clamdMissingNotice} and PAYDESK_REQUIRE_SERVICES=1`));
else describe("rescanning stored files against a real clamd", { skip: true }, () => {});
