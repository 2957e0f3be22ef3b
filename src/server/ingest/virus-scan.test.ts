// Virus scanning in the pipeline and for uploads, against a real clamd (Debian's clamav-daemon), per dialect.
import assert from "node:assert/strict";
import { rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { zipSync } from "fflate";
import { simpleParser } from "mailparser";
import { AppError } from "../errors.ts";
import { createAgent } from "../modules/agents/agent.commands.ts";
import { listAlerts } from "../modules/alerts/alert.commands.ts";
import { mailStatus } from "../modules/alerts/mail-status.query.ts";
import { storeUpload } from "../modules/attachments/upload.commands.ts";
import { presentMessage } from "../modules/tickets/ticket.present.ts";
import { presentTicketForCustomer } from "../modules/tracking/ticket.customer-present.ts";
import { findCustomerAttachment, listCustomerAttachments } from "../modules/tracking/tracking.queries.ts";
import { listExportAttachments } from "../modules/evidence/evidence.repo.ts";
import { clamdAvailable, clamdMissingNotice, encryptedZip, requireServices, startClamd, TEST_MALWARE, TEST_SIGNATURE, type Clamd } from "../test/clamd-server.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../test/harness.ts";
import { makeMail } from "../test/mail-factory.ts";
import type { FastifyInstance } from "fastify";
import { buildHttpApp } from "../http/app.ts";
import { issueToken } from "../modules/agents/agent.commands.ts";
import { acceptInbound } from "./accept.ts";

const PASSWORD = "correct horse battery staple 42";
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);

async function accept(rt: TestRuntime, raw: Buffer, mailFrom = "li.wei@example.net") {
  const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom, rcptTo: ["support@example.com"], remoteIp: "192.0.2.10", helo: "mail.example.net" } });
  return inboundId;
}

const inboundRow = (rt: TestRuntime, id: string) => rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

async function presented(rt: TestRuntime, messageId: string) {
  const m = await rt.ctx.db.selectFrom("messages").selectAll().where("id", "=", messageId).executeTakeFirstOrThrow();
  const attachments = await rt.ctx.db.selectFrom("attachments").selectAll().where("message_id", "=", messageId).execute();
  return presentMessage(m, attachments);
}

const suite = (clamd: Clamd) => (dialect: "sqlite" | "postgres") => {
  let rt: TestRuntime;
  let app: FastifyInstance;
  let heldMessageId = "";
  // The runtime reaches clamd through a link, so a test can take the scanner away and bring it back.
  let link: string;
  const scannerUp = () => symlinkSync(clamd.socket, link);
  const scannerDown = () => rmSync(link, { force: true });
  before(async () => {
    link = join(clamd.dir, `link-${dialect}.sock`);
    scannerUp();
    rt = await openTestRuntime(dialect, { virusScan: { clamd: link, timeoutMs: 5000 } });
    await createAgent(rt.ctx, { email: "ops@example.com", name: "Ops", role: "admin", password: PASSWORD });
    await createAgent(rt.ctx, { email: "sue@example.com", name: "Sue", role: "supervisor", password: PASSWORD });
    app = await buildHttpApp(rt.ctx);
  });
  after(async () => {
    scannerDown();
    await app?.close();
    await rt?.close();
  });

  it("keeps clean files, holds back infected ones (also inside a ZIP) and names them on the message", async () => {
    const zipped = Buffer.from(zipSync({ "invoice.exe": new Uint8Array(Buffer.concat([Buffer.from("MZ"), TEST_MALWARE])) }));
    const id = await accept(rt, await makeMail({
      subject: "Refund for a double charge",
      attachments: [
        { filename: "screenshot.png", content: PNG, contentType: "image/png" },
        { filename: "statement.pdf", content: Buffer.concat([Buffer.from("%PDF-1.4\n"), TEST_MALWARE]), contentType: "application/pdf" },
        { filename: "invoice.zip", content: zipped, contentType: "application/zip" },
      ],
    }));
    await rt.runner.drain();
    const row = await inboundRow(rt, id);
    assert.equal(row.status, "processed", row.reason ?? "");
    const message = await presented(rt, row.message_id!);
    assert.deepEqual(message.attachments.map((a) => a.filename), ["screenshot.png"]);
    assert.deepEqual(message.heldBackAttachments, [
      { index: 1, filename: "statement.pdf", reason: "malware", detail: TEST_SIGNATURE, released: null },
      { index: 2, filename: "invoice.zip", reason: "malware", detail: TEST_SIGNATURE, released: null },
    ]);
    heldMessageId = row.message_id!;
    // The customer's tracking page names what did not arrive.
    const ticket = await rt.ctx.db.selectFrom("tickets").selectAll().where("id", "=", row.ticket_id!).executeTakeFirstOrThrow();
    const forCustomer = presentTicketForCustomer(
      { ticket, messages: [await rt.ctx.db.selectFrom("messages").selectAll().where("id", "=", row.message_id!).executeTakeFirstOrThrow()], attachments: [], survey: undefined, supportName: "OKPay" },
      { address: "li.wei@example.net", prefix: "OK", firstResponseHours: 24, now: new Date() },
    );
    assert.deepEqual(forCustomer.messages[0]!.heldBackFiles, [{ filename: "statement.pdf", reason: "malware" }, { filename: "invoice.zip", reason: "malware" }]);
    assert.ok((message.auth.warnings as string[]).some((w) => w.includes(`statement.pdf held back: the virus scanner found ${TEST_SIGNATURE}`)));
    // The clean file is readable; the infected bytes were never stored as an attachment.
    const kept = await rt.ctx.db.selectFrom("attachments").select("blob_key").where("message_id", "=", row.message_id!).executeTakeFirstOrThrow();
    assert.deepEqual(await rt.ctx.services.blobs.get(kept.blob_key), PNG);
    assert.equal((await rt.ctx.db.selectFrom("attachments").select("id").execute()).length, 1);
    // Nothing was lost: the sealed original still holds every file.
    const original = await simpleParser(await rt.ctx.services.blobs.get(row.raw_blob_key));
    assert.deepEqual(original.attachments.map((a) => a.filename), ["screenshot.png", "statement.pdf", "invoice.zip"]);
    assert.ok(original.attachments[1]!.content.includes(TEST_MALWARE));
  });

  it("lets an admin release a held-back file with a reason, once, and records who and why", async () => {
    const release = async (email: string, index: number, reason = "False positive: the bank confirmed this statement by phone, card 4111 1111 1111 1111") =>
      app.inject({
        method: "POST", url: `/api/messages/${heldMessageId}/held-back/${index}/release`, payload: { reason },
        headers: { authorization: `Bearer ${(await issueToken(rt.ctx, email, PASSWORD)).token}` },
      });
    assert.equal((await release("sue@example.com", 1)).statusCode, 403);
    assert.equal((await release("ops@example.com", 1, "ok")).statusCode, 400);
    assert.equal((await release("ops@example.com", 7)).statusCode, 404);
    const res = await release("ops@example.com", 1);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((await release("ops@example.com", 1)).statusCode, 409);
    const message = await presented(rt, heldMessageId);
    const released = message.attachments.find((a) => a.filename === "statement.pdf");
    assert.ok(released, "now an attachment");
    assert.equal(released.agentOnly, true);
    // Agents only: never on the customer's pages, their downloads or an export.
    assert.deepEqual((await listCustomerAttachments(rt.ctx, [heldMessageId])).map((a) => a.filename), ["screenshot.png"]);
    assert.equal(await findCustomerAttachment(rt.ctx, (await rt.ctx.db.selectFrom("messages").select("ticket_id").where("id", "=", heldMessageId).executeTakeFirstOrThrow()).ticket_id, released.id), undefined);
    assert.deepEqual((await listExportAttachments(rt.ctx, [heldMessageId])).map((a) => a.filename), ["screenshot.png"]);
    assert.equal(released.id, (res.json() as { attachmentId: string }).attachmentId);
    const stored = await rt.ctx.db.selectFrom("attachments").select("blob_key").where("id", "=", released.id).executeTakeFirstOrThrow();
    assert.ok((await rt.ctx.services.blobs.get(stored.blob_key)).includes(TEST_MALWARE));
    const entry = message.heldBackAttachments.find((h) => h.index === 1)!;
    assert.equal(entry.released?.at !== undefined, true);
    assert.equal(message.heldBackAttachments.find((h) => h.index === 2)!.released, null);
    const event = await rt.ctx.db.selectFrom("events").select("data_json").where("kind", "=", "attachment.released").executeTakeFirstOrThrow();
    assert.match(event.data_json, /bank confirmed/);
    assert.doesNotMatch(event.data_json, /4111 1111 1111 1111/, "the reason is redacted like any stored text");
    const audit = await rt.ctx.db.selectFrom("audit_log").select("data_json").where("action", "=", "attachment.released").execute();
    assert.equal(audit.length, 1);
    // The sender's tracking page no longer calls it "not accepted".
    const m = await rt.ctx.db.selectFrom("messages").selectAll().where("id", "=", heldMessageId).executeTakeFirstOrThrow();
    const ticket = await rt.ctx.db.selectFrom("tickets").selectAll().where("id", "=", m.ticket_id).executeTakeFirstOrThrow();
    const forCustomer = presentTicketForCustomer({ ticket, messages: [m], attachments: [], survey: undefined, supportName: "OKPay" }, { address: "li.wei@example.net", prefix: "OK", firstResponseHours: 24, now: new Date() });
    assert.deepEqual(forCustomer.messages[0]!.heldBackFiles, [{ filename: "invoice.zip", reason: "malware" }]);
  });

  it("holds back a file the scanner cannot look into (a password-protected ZIP) and tells the sender", async () => {
    const locked = encryptedZip(Buffer.from(zipSync({ "statement.pdf": new Uint8Array(Buffer.from("%PDF-1.4 statement ".repeat(40))) }, { level: 0 })));
    const id = await accept(rt, await makeMail({ subject: "My statement (password is my birthday)", attachments: [{ filename: "statement.zip", content: locked, contentType: "application/zip" }] }));
    await rt.runner.drain();
    const row = await inboundRow(rt, id);
    assert.equal(row.status, "processed", row.reason ?? "");
    const message = await presented(rt, row.message_id!);
    assert.deepEqual(message.attachments, []);
    assert.deepEqual(message.heldBackAttachments, [{ index: 0, filename: "statement.zip", reason: "unscannable", detail: "encrypted (Heuristics.Encrypted.Zip)", released: null }]);
  });

  it("makes mail with files wait for a scanner that does not answer, without using up its tries, and alerts the admins", async () => {
    scannerDown();
    try {
      const withFile = await accept(rt, await makeMail({ subject: "Card statement attached", attachments: [{ filename: "statement.csv", content: "date,amount\n2026-01-05,500\n" }] }));
      const plain = await accept(rt, await makeMail({ subject: "No files here", from: "zhang.san@example.org" }), "zhang.san@example.org");
      const sameSenderLater = await accept(rt, await makeMail({ subject: "Any news on my statement?" }));
      await rt.runner.drain();
      // Mail without files does not need the scanner; the same sender's later mail keeps its place behind.
      assert.equal((await inboundRow(rt, plain)).status, "processed");
      assert.equal((await inboundRow(rt, sameSenderLater)).status, "pending");
      const waiting = await inboundRow(rt, withFile);
      assert.equal(waiting.status, "pending");
      assert.equal(waiting.attempts, 0);
      const job = await rt.ctx.db.selectFrom("jobs").selectAll().where("dedupe_key", "like", `inbound:${withFile}:%`).executeTakeFirstOrThrow();
      assert.equal(job.status, "queued");
      assert.match(job.last_error ?? "", /waiting for the virus scanner/);
      const alert = (await listAlerts(rt.ctx)).find((a) => a.kind === "virus_scan.unavailable");
      assert.ok(alert && !alert.resolvedAt, "an open alert");
      const alertMail = await rt.ctx.db.selectFrom("outbound_mail").select("to_address").where("kind", "=", "notification").execute();
      assert.deepEqual(alertMail.map((m) => m.to_address), ["ops@example.com"]);
      assert.match((await mailStatus(rt.ctx)).problems.join("\n"), /virus scanner is not answering/);

      // Longer than three tries' worth of waiting: still pending, never a dead letter.
      for (let i = 0; i < 4; i++) {
        rt.clock.advance(61_000);
        await rt.runner.drain();
      }
      const still = await inboundRow(rt, withFile);
      assert.equal(still.status, "pending");
      assert.equal(still.attempts, 0);
      // Waiting is not a try at the job level either: an ordinary failure later still gets all its retries.
      const waited = await rt.ctx.db.selectFrom("jobs").select(["attempts", "status"]).where("id", "=", job.id).executeTakeFirstOrThrow();
      assert.deepEqual(waited, { attempts: 0, status: "queued" });

      scannerUp();
      rt.clock.advance(61_000);
      await rt.runner.drain();
      const done = await inboundRow(rt, withFile);
      assert.equal(done.status, "processed", done.reason ?? "");
      const later = await inboundRow(rt, sameSenderLater);
      assert.equal(later.status, "processed", later.reason ?? "");
      assert.ok(later.processed_at! >= done.processed_at!, "in the order they came");
      assert.equal(later.attempts, 1);
      assert.equal((await presented(rt, done.message_id!)).attachments.length, 1);
      assert.ok((await listAlerts(rt.ctx)).find((a) => a.kind === "virus_scan.unavailable")?.resolvedAt, "resolved by the next verdict");
      assert.doesNotMatch((await mailStatus(rt.ctx)).problems.join("\n"), /virus scanner/);
    } finally {
      scannerDown();
      scannerUp();
    }
  });

  it("refuses an infected upload, and any upload while the scanner is down", async () => {
    const agent = await rt.ctx.db.selectFrom("agents").select("id").executeTakeFirstOrThrow();
    const ok = await storeUpload(rt.ctx, agent.id, { filename: "receipt.png", contentType: "image/png", bytes: PNG });
    assert.equal(ok.contentType, "image/png");
    await assert.rejects(
      storeUpload(rt.ctx, agent.id, { filename: "fix.exe", contentType: "application/octet-stream", bytes: Buffer.concat([Buffer.from("MZ"), TEST_MALWARE]) }),
      (err: AppError) => err.code === "invalid_input" && err.message.includes(TEST_SIGNATURE),
    );
    scannerDown();
    try {
      await assert.rejects(
        storeUpload(rt.ctx, agent.id, { filename: "receipt.png", contentType: "image/png", bytes: PNG }),
        (err: AppError) => err.code === "unavailable" && err.status === 503,
      );
    } finally {
      scannerUp();
    }
    const uploads = await rt.ctx.db.selectFrom("uploads").select("filename").execute();
    assert.deepEqual(uploads.map((u) => u.filename), ["receipt.png"]);
  });
};

if (clamdAvailable()) {
  const clamd = await startClamd();
  after(() => clamd.stop());
  await forEachDialect("virus scanning against a real clamd", suite(clamd));
} else if (requireServices) it("has clamd to test against", () => assert.fail(`${clamdMissingNotice} and PAYDESK_REQUIRE_SERVICES=1`));
else describe("virus scanning against a real clamd", { skip: true }, () => {});
