// `paydesk ingest` run in-process on real storage (per dialect): the exit status an MTA acts on, what
// it prints, and that 0 comes only with the message stored. Real messages from the shared corpora.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { acceptInbound } from "../ingest/accept.ts";
import { corpusPath } from "../test/corpora.ts";
import { runCliOn } from "../test/cli-capture.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../test/harness.ts";
import { makeMail } from "../test/mail-factory.ts";
import { freePort } from "../test/ports.ts";

const ACCEPTED = /^accepted (\S+): /;

await forEachDialect("paydesk ingest", (dialect) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await openTestRuntime(dialect, { acknowledgements: { maxPerAddressPerHour: 1000 }, intake: { burstLimitPer10Minutes: 10_000 } });
  });
  after(async () => rt.close());

  const intakeCount = async () => Number((await rt.ctx.db.selectFrom("inbound").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const ingest = (stdin: Buffer, args: string[] = []) => runCliOn(rt, ["ingest", ...args], { stdin });

  it("accepts a message, exits 0 and names the ticket by its number on one line of stdout", async () => {
    const run = await ingest(await makeMail({ from: "li.wei@example.net", subject: "Refund not received" }), ["--mailbox", "support@example.com"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^accepted \S+: processed ticket OK-100001\n$/);
    const row = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", ACCEPTED.exec(run.stdout)![1]!).executeTakeFirstOrThrow();
    assert.equal(row.channel, "cli");
  });

  it("processes its own message (after the sender's earlier one still waiting), not the rest of the queue", async () => {
    // Mail accepted meanwhile and not yet processed, as when the worker is behind.
    const accept = async (from: string, subject: string, extra: { messageId?: string; inReplyTo?: string } = {}) =>
      (await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ from, subject, ...extra }), envelope: { mailFrom: from, rcptTo: ["support@example.com"] } })).inboundId;
    const stranger = await accept("someone.else@example.org", "Card frozen");
    // Written in other case than the reply: still the same sender.
    const original = await accept("Zhao.Min@Example.net", "Withdrawal failed", { messageId: "<first-of-zhao@mail.example.net>" });
    const run = await ingest(await makeMail({ from: "zhao.min@example.net", subject: "Re: Withdrawal failed", inReplyTo: "<first-of-zhao@mail.example.net>" }));
    assert.equal(run.code, 0, run.stderr);
    const status = async (id: string) => (await rt.ctx.db.selectFrom("inbound").select(["status", "ticket_id"]).where("id", "=", id).executeTakeFirstOrThrow());
    const reply = await status(ACCEPTED.exec(run.stdout)![1]!);
    assert.equal(reply.status, "processed");
    assert.deepEqual(await status(original), { status: "processed", ticket_id: reply.ticket_id }, "the reply threads onto the ticket its original opened");
    assert.equal((await status(stranger)).status, "pending", "another sender's mail is left to the worker");
    // The acknowledgement of the new ticket is delivered (here: into the outbox), the stranger's is not queued yet.
    const mail = await rt.ctx.db.selectFrom("outbound_mail").select(["status", "to_address"]).where("ticket_id", "=", reply.ticket_id!).execute();
    assert.deepEqual(mail, [{ status: "outboxed", to_address: "zhao.min@example.net" }]);
    await rt.runner.drain();
    assert.equal((await status(stranger)).status, "processed");
  });

  it("a replay says what it came to: a dead letter now processed into its ticket, a duplicate dropped again", async () => {
    const replay = (id: string) => runCliOn(rt, ["dead-letters", "replay", id]);
    const raw = await makeMail({ from: "qian.li@example.net", subject: "Account frozen" });
    const dead = (await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: "qian.li@example.net", rcptTo: ["support@example.com"] } })).inboundId;
    await rt.ctx.db.updateTable("jobs").set({ status: "dead" }).where("dedupe_key", "=", `inbound:${dead}:0`).execute();
    await rt.ctx.db.updateTable("inbound").set({ status: "dead", reason: "Error: the database was away" }).where("id", "=", dead).execute();
    const revived = await replay(dead);
    assert.equal(revived.code, 0, revived.stderr);
    assert.match(revived.stdout, new RegExp(`^replayed ${dead}: processed ticket OK-\\d+\n$`));

    const again = await ingest(raw);
    const duplicate = ACCEPTED.exec(again.stdout)![1]!;
    assert.match(again.stdout, /: dropped \(/);
    const replayed = await replay(duplicate);
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.equal(replayed.stdout, `replayed ${duplicate}: dropped (dedupe: duplicate of inbound ${dead})\n`);
  });

  it("is not held up by an earlier message of the sender that no job will process (a dead letter to replay)", async () => {
    const from = "sun.yu@example.net";
    const stuck = (await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ from }), envelope: { mailFrom: from, rcptTo: ["support@example.com"] } })).inboundId;
    await rt.ctx.db.updateTable("jobs").set({ status: "dead" }).where("dedupe_key", "=", `inbound:${stuck}:0`).execute();
    const run = await ingest(await makeMail({ from, subject: "Card charged twice" }));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^accepted \S+: processed ticket /);
  });

  it("leaves its message to the worker, behind the sender's earlier one, when a worker holds that one", async () => {
    const from = "qian.li@example.net";
    const earlier = (await acceptInbound(rt.ctx, { channel: "smtp", raw: await makeMail({ from }), envelope: { mailFrom: from, rcptTo: ["support@example.com"] } })).inboundId;
    // As a worker in another process that has just claimed it.
    const lockedUntil = new Date(rt.clock.now().getTime() + 60_000).toISOString();
    await rt.ctx.db.updateTable("jobs").set({ status: "running", locked_until: lockedUntil }).where("dedupe_key", "=", `inbound:${earlier}:0`).execute();
    const run = await ingest(await makeMail({ from, subject: "Re: Withdrawal has not arrived" }));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^accepted \S+: pending\n$/);
    const later = ACCEPTED.exec(run.stdout)![1]!;
    const statusOf = async (id: string) => (await rt.ctx.db.selectFrom("inbound").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
    assert.equal(await statusOf(later), "pending");
    await rt.ctx.db.updateTable("jobs").set({ status: "queued", locked_until: null }).where("dedupe_key", "=", `inbound:${earlier}:0`).execute();
    await rt.runner.drain();
    assert.deepEqual([await statusOf(earlier), await statusOf(later)], ["processed", "processed"]);
  });

  it("accepts real messages: with an mbox From line, CRLF or LF, and stores exactly their bytes", async (t) => {
    const root = corpusPath("mime");
    if (!root) return t.skip("corpora not found");
    for (const file of ["nodemailer-mailparser/large_text.eml", "nodemailer-mailparser/nodemailer.eml", "postal-mime/mimetorture.eml", "postal-mime/bounce.eml"]) {
      const raw: Buffer = readFileSync(join(root, file));
      const run = await ingest(raw);
      assert.equal(run.code, 0, `${file}: ${run.stderr}`);
      assert.match(run.stdout, /^accepted \S+: (processed|dropped|diverted)\b[^\n]*\n$/, file);
      const row = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", ACCEPTED.exec(run.stdout)![1]!).executeTakeFirstOrThrow();
      assert.equal(row.raw_sha256, createHash("sha256").update(raw).digest("hex"), file);
      assert.deepEqual(await rt.ctx.services.blobs.get(row.raw_blob_key), raw, file);
    }
  });

  it("refuses input that is not a mail message with 65, keeping nothing", async () => {
    const before = await intakeCount();
    for (const input of ["", "hello\n", "\r\n\r\nhello\r\n", "From someone@example.net  Mon Jan  1 00:00:00 2024\n"]) {
      const run = await ingest(Buffer.from(input));
      assert.equal(run.code, 65, JSON.stringify(input));
      assert.equal(run.stdout, "");
      assert.match(run.stderr, /^paydesk ingest: not a mail message: /);
    }
    assert.equal(await intakeCount(), before);
  });

  it("answers 75 (the MTA keeps the mail) for an unknown --mailbox, an operator's typo, keeping nothing", async () => {
    const before = await intakeCount();
    const run = await ingest(await makeMail({}), ["--mailbox", "sales@example.com"]);
    assert.equal(run.code, 75);
    assert.match(run.stderr, /no support mailbox sales@example\.com here \(the message is deferred until one is configured\)/);
    assert.equal(await intakeCount(), before);
  });

  it("answers 75 for arguments it does not know: a mistake in the pipe command must not bounce the mail", async () => {
    for (const args of [["--mailbx", "support@example.com"], ["support@example.com"], ["--mailbox"]]) {
      const run = await ingest(await makeMail({}), args);
      assert.equal(run.code, 75, args.join(" "));
      assert.match(run.stderr, /^paydesk ingest: .*deferred until the command is fixed\)\nUsage:\n {2}paydesk ingest \[--mailbox ADDR\] < FILE\n/);
    }
  });

  it("refuses a message over the size limit every channel keeps with 65, keeping nothing", async () => {
    const before = await intakeCount();
    const big = await makeMail({ text: "x".repeat(4000) });
    const run = await runCliOn(rt, ["ingest"], { stdin: big, config: { smtp: { ...rt.config.smtp, maxMessageBytes: 2000 } } });
    assert.equal(run.code, 65, run.stderr);
    assert.match(run.stderr, /^paydesk ingest: the message is over the size limit of 2000 bytes \(smtp\.maxMessageBytes\)\n/);
    assert.equal(await intakeCount(), before);
  });

  it("drops a byte-order mark before the headers, so the sender is still known", async () => {
    const raw = await makeMail({ from: "bom.user@example.net", subject: "Saved from an editor" });
    const run = await ingest(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), raw]));
    assert.equal(run.code, 0, run.stderr);
    const row = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", ACCEPTED.exec(run.stdout)![1]!).executeTakeFirstOrThrow();
    assert.equal(row.from_address, "bom.user@example.net");
    assert.deepEqual(await rt.ctx.services.blobs.get(row.raw_blob_key), raw);
  });

  it("answers 75 (try again later) when the message cannot be stored, keeping nothing", async () => {
    const before = await intakeCount();
    // Every blob on disk, and where the files go is not a directory: storing the raw bytes fails.
    const blobs = join(rt.dataDir, "blobs");
    mkdirSync(blobs, { recursive: true });
    renameSync(blobs, `${blobs}.aside`);
    writeFileSync(blobs, "not a directory");
    const run = await runCliOn(rt, ["ingest"], { stdin: await makeMail({}), config: { storage: { inlineMaxBytes: 0 } } });
    rmSync(blobs);
    renameSync(`${blobs}.aside`, blobs);
    assert.equal(run.code, 75, run.stderr);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /^paydesk ingest: not accepted, try again later: .*ENOTDIR/);
    assert.equal(await intakeCount(), before);
  });
});

it("paydesk ingest answers 75 (try again later) when the database is unreachable", async () => {
  const rt = await openTestRuntime("sqlite");
  try {
    const run = await runCliOn(rt, ["ingest"], { stdin: await makeMail({}), config: { databaseUrl: `postgres://postgres@127.0.0.1:${await freePort()}/test` } });
    assert.equal(run.code, 75);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /^paydesk ingest: cannot open PayDesk's storage, try again later: .*ECONNREFUSED/);
  } finally {
    await rt.close();
  }
});
