// The IMAP poller against a real Dovecot started for this file, feeding the real ingest pipeline.
// Each dialect gets its own Dovecot, so mailbox state never leaks between the two runs.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import type { ImapAccountConfig } from "../../config.ts";
import type { Dialect } from "../../db/connect.ts";
import { findImapCursor } from "../../modules/inbound/imap-cursor.repo.ts";
import { createAgent } from "../../modules/agents/agent.commands.ts";
import { mailStatus } from "../../modules/alerts/mail-status.query.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import {
  appendMessages, connectImap, dovecotAvailable, dovecotMissingNotice, freePort, requireServices, startDovecot, type Dovecot,
} from "./dovecot.test-helper.ts";
import { backoffDelayMs, classifyImapError, MAX_BACKOFF_MS } from "./imap-errors.ts";
import { createImapPollers } from "./imap-poller.ts";
import { syncImapAccountOnce } from "./imap-sync.ts";

const users = ["paydesk", "resync", "mover", "poller", "batch", "flaky", "gone", "misrouted", "idler", "quiet", "busy", "backlog", "bulky"].map((user) => ({ user, password: "secret" }));

let server: Dovecot;
let dialect: Dialect = "sqlite";

function accountSettings(name: string, overrides: Partial<ImapAccountConfig> = {}): Record<string, unknown> {
  // These tests put mail in the folder first and expect it taken in.
  return { name, host: server.host, port: server.port, secure: false, user: name, password: "secret", folder: "INBOX", pollSeconds: 5, importExisting: true, ...overrides };
}

async function runtimeWith(...accounts: Record<string, unknown>[]): Promise<TestRuntime> {
  return openTestRuntime(dialect, { imap: accounts });
}

const ticketCount = async (rt: TestRuntime) =>
  Number((await rt.ctx.db.selectFrom("tickets").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

const intakeRows = (rt: TestRuntime) => rt.ctx.db.selectFrom("inbound").selectAll().orderBy("received_at").orderBy("id").execute();

async function folderCount(user: string, folder: string): Promise<number> {
  const client = await connectImap(server, user);
  try {
    const status = await client.status(folder, { messages: true });
    return status ? status.messages ?? 0 : -1;
  } finally {
    await client.logout();
  }
}

describe("imap error classification", () => {
  it("disables on bad credentials and missing folders, backs off on network trouble", () => {
    assert.equal(classifyImapError(Object.assign(new Error("Command failed"), { authenticationFailed: true, serverResponseCode: "AUTHENTICATIONFAILED" })).action, "disable");
    assert.equal(classifyImapError(Object.assign(new Error("Command failed"), { mailboxMissing: true })).reason, "missing_folder");
    assert.equal(classifyImapError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" })).action, "backoff");
    assert.equal(classifyImapError(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })).reason, "network");
    assert.equal(classifyImapError(Object.assign(new Error("Greeting never received"), { code: "GREETING_TIMEOUT" })).reason, "timeout");
    assert.equal(classifyImapError(new Error("something odd")).action, "backoff");
  });

  it("doubles the delay per failure up to 15 minutes", () => {
    assert.equal(backoffDelayMs(1, 60_000), 60_000);
    assert.equal(backoffDelayMs(2, 60_000), 120_000);
    assert.equal(backoffDelayMs(3, 60_000), 240_000);
    assert.equal(backoffDelayMs(50, 60_000), MAX_BACKOFF_MS);
    assert.equal(backoffDelayMs(1, 5_000, { minDelayMs: 30_000 }), 30_000);
  });
});

const suite = (forDialect: Dialect) => {
  before(async () => {
    dialect = forDialect;
    server = await startDovecot(users);
  });
  after(async () => {
    await server?.stop();
  });

  describe("a mailbox read twice", () => {
    let rt: TestRuntime;
    let account: ImapAccountConfig;
    before(async () => {
      rt = await runtimeWith(accountSettings("paydesk"));
      account = rt.config.imap[0]!;
    });
    after(async () => rt.close());

    it("imports each message once into a ticket and advances the cursor", async () => {
      const mails = await Promise.all([
        makeMail({ from: "li.wei@example.net", subject: "Withdrawal not received", text: "My withdrawal of 500 USD has not arrived." }),
        makeMail({ from: "ann@example.org", subject: "Refund please", text: "Please refund order 7781." }),
        makeMail({ from: "bob@example.org", subject: "Card declined", text: "My card was declined at checkout." }),
      ]);
      const uids = await appendMessages(server, "INBOX", mails, "paydesk");
      assert.equal(uids.length, 3);

      const first = await syncImapAccountOnce(rt.ctx, account);
      assert.deepEqual({ fetched: first.fetched, accepted: first.accepted, uidValidityChanged: first.uidValidityChanged, more: first.more, failure: first.failure },
        { fetched: 3, accepted: 3, uidValidityChanged: false, more: false, failure: null });
      await rt.runner.drain();

      const rows = await intakeRows(rt);
      assert.equal(rows.length, 3);
      // Taken in oldest first: intake ids are time-ordered.
      const uidsInIntakeOrder = [...rows].sort((a, b) => a.id.localeCompare(b.id)).map((r) => (JSON.parse(r.envelope_json) as { imapUid: number }).imapUid);
      assert.deepEqual(uidsInIntakeOrder, [...uids].sort((a, b) => a - b));
      for (const row of rows) {
        assert.equal(row.channel, "imap");
        assert.equal(row.status, "processed", row.reason ?? "");
        const envelope = JSON.parse(row.envelope_json) as { imapAccount: string; imapUid: number };
        assert.equal(envelope.imapAccount, "paydesk");
        assert.ok(uids.includes(envelope.imapUid));
      }
      assert.equal(await ticketCount(rt), 3);
      const subjects = (await rt.ctx.db.selectFrom("tickets").select("subject").execute()).map((t) => t.subject).sort();
      assert.deepEqual(subjects, ["Card declined", "Refund please", "Withdrawal not received"]);

      const cursor = await findImapCursor(rt.ctx, "paydesk");
      assert.equal(cursor?.lastUid, Math.max(...uids));
      assert.equal(cursor?.state, "active");
      assert.match(cursor?.uidValidity ?? "", /^\d+$/);
      assert.equal(cursor?.lastError, null);

      const second = await syncImapAccountOnce(rt.ctx, account);
      assert.equal(second.fetched, 0);
      assert.equal(second.accepted, 0);
      await rt.runner.drain();
      assert.equal((await intakeRows(rt)).length, 3);
      assert.equal(await ticketCount(rt), 3);
      // Without moveTo the folder is left as it was.
      assert.equal(await folderCount("paydesk", "INBOX"), 3);
    });

    it("picks up a message that arrives after the last pass", async () => {
      const before = await findImapCursor(rt.ctx, "paydesk");
      const [uid] = await appendMessages(server, "INBOX", [await makeMail({ from: "carol@example.org", subject: "Account locked" })], "paydesk");
      const result = await syncImapAccountOnce(rt.ctx, account);
      assert.equal(result.fetched, 1);
      assert.equal(result.accepted, 1);
      await rt.runner.drain();
      assert.equal(await ticketCount(rt), 4);
      const cursor = await findImapCursor(rt.ctx, "paydesk");
      assert.equal(cursor?.lastUid, uid);
      assert.ok(uid! > before!.lastUid);
      assert.equal(cursor?.uidValidity, before?.uidValidity);
    });
  });

  it("resets the cursor when UIDVALIDITY changes and lets dedupe drop what it already has", async () => {
    const rt = await runtimeWith(accountSettings("resync", { folder: "Support" }));
    try {
      const account = rt.config.imap[0]!;
      const mails = [
        await makeMail({ from: "dave@example.org", subject: "Chargeback question" }),
        await makeMail({ from: "erin@example.org", subject: "KYC documents" }),
      ];
      const admin = await connectImap(server, "resync");
      await admin.mailboxCreate("Support");
      for (const raw of mails) await admin.append("Support", raw);
      const firstGeneration = (await admin.status("Support", { uidValidity: true })) || null;

      const first = await syncImapAccountOnce(rt.ctx, account);
      assert.equal(first.accepted, 2);
      assert.equal(first.uidValidityChanged, false);
      await rt.runner.drain();
      assert.equal(await ticketCount(rt), 2);

      // Delete and recreate the folder with the same messages: a new UIDVALIDITY, UIDs from 1 again.
      await admin.mailboxDelete("Support");
      await admin.mailboxCreate("Support");
      for (const raw of mails) await admin.append("Support", raw);
      const secondGeneration = (await admin.status("Support", { uidValidity: true })) || null;
      await admin.logout();
      assert.notEqual(secondGeneration?.uidValidity, firstGeneration?.uidValidity);

      const second = await syncImapAccountOnce(rt.ctx, account);
      assert.equal(second.uidValidityChanged, true);
      assert.equal(second.fetched, 2);
      assert.equal(second.accepted, 2);
      await rt.runner.drain();

      const rows = await intakeRows(rt);
      assert.equal(rows.length, 4);
      assert.deepEqual(rows.map((r) => r.status).sort(), ["dropped", "dropped", "processed", "processed"]);
      for (const row of rows.filter((r) => r.status === "dropped")) assert.match(row.reason ?? "", /duplicate/);
      // The re-read bytes are the same: they share the stored copy instead of keeping a second one.
      assert.equal(new Set(rows.map((r) => r.raw_blob_key)).size, 2);
      assert.equal(await ticketCount(rt), 2);
      const cursor = await findImapCursor(rt.ctx, "resync");
      assert.equal(cursor?.uidValidity, String(secondGeneration?.uidValidity));
      assert.equal(cursor?.lastUid, 2);

      const third = await syncImapAccountOnce(rt.ctx, account);
      assert.equal(third.fetched, 0);
      assert.equal(third.uidValidityChanged, false);
    } finally {
      await rt.close();
    }
  });

  it("disables an account whose password is wrong, and records why", async () => {
    const rt = await runtimeWith(accountSettings("paydesk", { password: "not-the-password" }));
    try {
      await createAgent(rt.ctx, { email: "ops@example.com", name: "Ops", role: "admin", password: "correct horse battery" });
      const result = await syncImapAccountOnce(rt.ctx, rt.config.imap[0]!);
      assert.equal(result.failure?.action, "disable");
      assert.equal(result.failure?.reason, "auth");
      assert.equal(result.fetched, 0);
      const cursor = await findImapCursor(rt.ctx, "paydesk");
      assert.equal(cursor?.state, "disabled");
      assert.match(cursor?.lastError ?? "", /AUTHENTICATIONFAILED/);
      assert.doesNotMatch(cursor?.lastError ?? "", /not-the-password/);
      assert.equal((await intakeRows(rt)).length, 0);
      // The admin is told, once, by mail; the status page says what to do.
      const alerts = await rt.ctx.db.selectFrom("outbound_mail").selectAll().where("to_address", "=", "ops@example.com").execute();
      assert.equal(alerts.length, 1);
      assert.match(alerts[0]!.subject, /IMAP mailbox stopped/);
      const status = await mailStatus(rt.ctx);
      assert.deepEqual(status.imap.map((a) => [a.name, a.state]), [["paydesk", "disabled"]]);
      assert.ok(status.problems.some((p) => /IMAP account paydesk is disabled: .*AUTHENTICATIONFAILED/.test(p)), status.problems.join("\n"));
      // Corrected and restarted (here: the same account with the right password): working, alert resolved.
      const fixed = await syncImapAccountOnce(rt.ctx, { ...rt.config.imap[0]!, password: "secret" });
      assert.equal(fixed.failure, null);
      const after = await mailStatus(rt.ctx);
      assert.deepEqual(after.imap.map((a) => [a.name, a.state]), [["paydesk", "active"]]);
      assert.ok(after.alerts.find((a) => a.key === "imap.disabled:paydesk")?.resolvedAt);
      assert.deepEqual(after.problems, []);
    } finally {
      await rt.close();
    }
  });

  it("backs off when nothing listens on the port", async () => {
    const rt = await runtimeWith(accountSettings("paydesk", { port: await freePort() }));
    try {
      const result = await syncImapAccountOnce(rt.ctx, rt.config.imap[0]!);
      assert.equal(result.failure?.action, "backoff");
      assert.equal(result.failure?.reason, "network");
      const cursor = await findImapCursor(rt.ctx, "paydesk");
      assert.equal(cursor?.state, "backoff");
      assert.match(cursor?.lastError ?? "", /ECONNREFUSED/);
    } finally {
      await rt.close();
    }
  });

  it("disables an account whose folder or moveTo folder does not exist", async () => {
    const rt = await runtimeWith(
      accountSettings("gone", { folder: "NoSuchFolder" }),
      accountSettings("gone-move", { user: "gone", moveTo: "NoSuchArchive" }),
    );
    try {
      const [folder, moveTo] = rt.config.imap;
      const a = await syncImapAccountOnce(rt.ctx, folder!)
      assert.equal(a.failure?.reason, "missing_folder");
      assert.equal((await findImapCursor(rt.ctx, "gone"))?.state, "disabled");
      await appendMessages(server, "INBOX", [await makeMail({ subject: "should stay put" })], "gone");
      const b = await syncImapAccountOnce(rt.ctx, moveTo!)
      assert.equal(b.failure?.reason, "missing_folder");
      assert.equal(b.fetched, 0);
      assert.equal((await findImapCursor(rt.ctx, "gone-move"))?.state, "disabled");
      assert.match((await findImapCursor(rt.ctx, "gone-move"))?.lastError ?? "", /NoSuchArchive/);
    } finally {
      await rt.close();
    }
  });

  it("disables an account whose settings cannot work, without moving its cursor", async () => {
    const rt = await runtimeWith(
      accountSettings("misrouted"),
      accountSettings("loop", { user: "misrouted", moveTo: "INBOX" }),
    );
    try {
      // Configuration rejects an unknown mailbox at start; the poller must still hold if handed one.
      const misrouted = { ...rt.config.imap[0]!, mailbox: "billing@example.com" };
      const loop = rt.config.imap[1];
      await appendMessages(server, "INBOX", [await makeMail({ subject: "for a mailbox we do not have" })], "misrouted");
      const a = await syncImapAccountOnce(rt.ctx, misrouted!);
      assert.equal(a.failure?.action, "disable");
      assert.equal(a.failure?.reason, "misconfigured");
      assert.equal(a.accepted, 0);
      const cursor = await findImapCursor(rt.ctx, "misrouted");
      assert.equal(cursor?.state, "disabled");
      assert.equal(cursor?.lastUid, 0);
      assert.match(cursor?.lastError ?? "", /unknown_recipient/);
      const b = await syncImapAccountOnce(rt.ctx, loop!);
      assert.equal(b.failure?.reason, "misconfigured");
      assert.match((await findImapCursor(rt.ctx, "loop"))?.lastError ?? "", /moveTo must differ/);
      assert.equal((await intakeRows(rt)).length, 0);
    } finally {
      await rt.close();
    }
  });

  it("moves processed messages to moveTo", async () => {
    const rt = await runtimeWith(accountSettings("mover", { moveTo: "Processed" }));
    try {
      const admin = await connectImap(server, "mover");
      await admin.mailboxCreate("Processed");
      await admin.logout();
      await appendMessages(server, "INBOX", [await makeMail({ subject: "first" }), await makeMail({ subject: "second" })], "mover");
      const result = await syncImapAccountOnce(rt.ctx, rt.config.imap[0]!);
      assert.equal(result.accepted, 2);
      assert.equal(result.failure, null);
      assert.equal(await folderCount("mover", "INBOX"), 0);
      assert.equal(await folderCount("mover", "Processed"), 2);
      await rt.runner.drain();
      assert.equal(await ticketCount(rt), 2);
      const again = await syncImapAccountOnce(rt.ctx, rt.config.imap[0]!);
      assert.equal(again.fetched, 0);
    } finally {
      await rt.close();
    }
  });

  it("leaves a message over the size limit in the folder, takes in the rest, and tells the admins", async () => {
    const rt = await openTestRuntime(dialect, { imap: [accountSettings("bulky")], smtp: { host: "127.0.0.1", port: 0, maxMessageBytes: 60_000 } });
    try {
      await createAgent(rt.ctx, { email: "ops@example.com", name: "Ops", role: "admin", password: "correct horse battery" });
      const statement = Buffer.alloc(90_000, 0x41);
      const uids = await appendMessages(server, "INBOX", [
        await makeMail({ subject: "before" }),
        await makeMail({ subject: "statement attached", attachments: [{ filename: "statement.pdf", content: statement }] }),
        await makeMail({ subject: "after" }),
      ], "bulky");
      const result = await syncImapAccountOnce(rt.ctx, rt.config.imap[0]!);
      assert.deepEqual({ fetched: result.fetched, accepted: result.accepted, tooLarge: result.tooLarge, failure: result.failure },
        { fetched: 2, accepted: 2, tooLarge: 1, failure: null });
      assert.equal((await findImapCursor(rt.ctx, "bulky"))?.lastUid, uids[2]);
      assert.equal(await folderCount("bulky", "INBOX"), 3, "nothing is removed from the mailbox");
      const alerts = await rt.ctx.db.selectFrom("outbound_mail").selectAll().where("to_address", "=", "ops@example.com").execute();
      assert.equal(alerts.length, 1);
      assert.match(alerts[0]!.subject, /over the size limit/);
      const status = await mailStatus(rt.ctx);
      const open = status.alerts.filter((a) => a.kind === "intake.too_large" && !a.resolvedAt);
      assert.equal(open.length, 1);
      assert.match(open[0]!.message, new RegExp(`UID ${uids[1]} in INBOX is \\d+ bytes, over the 60000-byte limit`));
      assert.ok(status.problems.some((p) => /over the size limit/.test(p)), status.problems.join("\n"));
      await rt.runner.drain();
      assert.equal(await ticketCount(rt), 2);
    } finally {
      await rt.close();
    }
  });

  it("takes a backlog in batches, oldest first", async () => {
    const rt = await runtimeWith(accountSettings("batch"));
    try {
      const uids = await appendMessages(server, "INBOX", [await makeMail({ subject: "one" }), await makeMail({ subject: "two" }), await makeMail({ subject: "three" })], "batch");
      const first = await syncImapAccountOnce(rt.ctx, rt.config.imap[0]!, { batchSize: 2 });
      assert.equal(first.accepted, 2);
      assert.equal(first.more, true);
      assert.equal((await findImapCursor(rt.ctx, "batch"))?.lastUid, uids[1]);
      const second = await syncImapAccountOnce(rt.ctx, rt.config.imap[0]!, { batchSize: 2 });
      assert.equal(second.accepted, 1);
      assert.equal(second.more, false);
      assert.equal((await findImapCursor(rt.ctx, "batch"))?.lastUid, uids[2]);
    } finally {
      await rt.close();
    }
  });

  it("keeps the cursor before a message intake could not store, and takes it on the next pass", async () => {
    const rt = await runtimeWith(accountSettings("flaky"));
    try {
      const uids = await appendMessages(server, "INBOX", [await makeMail({ subject: "stored" }), await makeMail({ subject: "disk full" }), await makeMail({ subject: "later" })], "flaky");
      let puts = 0;
      const blobs = rt.ctx.services.blobs;
      const failingBlobs = {
        ...blobs,
        put: async (key: string, bytes: Buffer) => {
          puts += 1;
          if (puts === 2) throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
          return blobs.put(key, bytes);
        },
      };
      const failingCtx = { ...rt.ctx, services: { ...rt.ctx.services, blobs: failingBlobs } };
      const first = await syncImapAccountOnce(failingCtx, rt.config.imap[0]!);
      assert.equal(first.accepted, 1);
      assert.equal(first.failure?.action, "backoff");
      let cursor = await findImapCursor(rt.ctx, "flaky");
      assert.equal(cursor?.lastUid, uids[0]);
      assert.equal(cursor?.state, "backoff");
      assert.match(cursor?.lastError ?? "", /ENOSPC/);

      const second = await syncImapAccountOnce(rt.ctx, rt.config.imap[0]!);
      assert.equal(second.accepted, 2);
      cursor = await findImapCursor(rt.ctx, "flaky");
      assert.equal(cursor?.lastUid, uids[2]);
      assert.equal(cursor?.state, "active");
      assert.equal(cursor?.lastError, null);
      await rt.runner.drain();
      assert.equal(await ticketCount(rt), 3);
    } finally {
      await rt.close();
    }
  });

  it("polls on a schedule and stops cleanly", async () => {
    const rt = await runtimeWith(accountSettings("poller"));
    try {
      const [uid] = await appendMessages(server, "INBOX", [await makeMail({ subject: "via the scheduler" })], "poller");
      const pollers = createImapPollers(rt.ctx, rt.config.imap);
      pollers.start();
      const deadline = Date.now() + 10_000;
      while ((await findImapCursor(rt.ctx, "poller"))?.lastUid !== uid) {
        assert.ok(Date.now() < deadline, "the poller did not take the message in within 10 s");
        await sleep(50);
      }
      const stopping = Date.now();
      await pollers.stop();
      assert.ok(Date.now() - stopping < 3_000, "stop() took too long");
      const rows = await intakeRows(rt);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.channel, "imap");
    } finally {
      await rt.close();
    }
  });

  it("leaves the mail already in a folder alone on the first pass unless told to import it", async () => {
    const rt = await runtimeWith(accountSettings("busy", { importExisting: false }));
    try {
      const old = await appendMessages(server, "INBOX", [await makeMail({ subject: "from last year" }), await makeMail({ subject: "from last month" })], "busy");
      const first = await syncImapAccountOnce(rt.ctx, rt.config.imap[0]!);
      assert.equal(first.fetched, 0);
      assert.equal((await findImapCursor(rt.ctx, "busy"))?.lastUid, old[1], "the cursor starts after the existing mail");
      const [fresh] = await appendMessages(server, "INBOX", [await makeMail({ subject: "new today" })], "busy");
      const second = await syncImapAccountOnce(rt.ctx, rt.config.imap[0]!);
      assert.equal(second.accepted, 1);
      assert.equal((await findImapCursor(rt.ctx, "busy"))?.lastUid, fresh);
      assert.equal((await intakeRows(rt)).length, 1);
    } finally {
      await rt.close();
    }
  });

  it("imports old mail when told to, but acknowledges only what reached the mailbox recently", async () => {
    const rt = await runtimeWith(accountSettings("backlog", { importExisting: true }));
    try {
      const tenDaysAgo = new Date(Date.now() - 10 * 24 * 3600_000);
      await appendMessages(server, "INBOX", [await makeMail({ from: "old.customer@example.org", subject: "withdrawal stuck (last week)" })], "backlog", tenDaysAgo);
      await appendMessages(server, "INBOX", [await makeMail({ from: "new.customer@example.org", subject: "withdrawal stuck (today)" })], "backlog");
      assert.equal((await syncImapAccountOnce(rt.ctx, rt.config.imap[0]!)).accepted, 2);
      await rt.runner.drain();
      const acks = await rt.ctx.db.selectFrom("outbound_mail").select("to_address").where("kind", "=", "acknowledgement").execute();
      assert.deepEqual(acks.map((a) => a.to_address), ["new.customer@example.org"]);
      const skipped = await rt.ctx.db.selectFrom("events").select("data_json").where("kind", "=", "acknowledgement.skipped").execute();
      assert.equal(skipped.length, 1);
      assert.match(skipped[0]!.data_json, new RegExp(`reached the mailbox on ${tenDaysAgo.toISOString().slice(0, 10)}, over 72 hours`));
      assert.equal(await ticketCount(rt), 2, "both became tickets");
    } finally {
      await rt.close();
    }
  });

  it("takes new mail in as soon as IDLE announces it, long before the next poll", async () => {
    // Polls every 5 minutes: only IDLE can bring the second message in within the test's 15 s.
    const rt = await runtimeWith(accountSettings("idler", { pollSeconds: 300 }), accountSettings("quiet", { pollSeconds: 300, idle: false }));
    const pollers = createImapPollers(rt.ctx, rt.config.imap);
    try {
      pollers.start();
      const until = async (done: () => Promise<boolean>, ms: number) => {
        const deadline = Date.now() + ms;
        while (!(await done())) {
          if (Date.now() > deadline) return false;
          await sleep(50);
        }
        return true;
      };
      assert.ok(await until(async () => !!(await findImapCursor(rt.ctx, "idler")) && !!(await findImapCursor(rt.ctx, "quiet")), 10_000), "first passes ran");
      await sleep(500); // let the watching session settle into IDLE
      const [idleUid] = await appendMessages(server, "INBOX", [await makeMail({ subject: "arrives while idling" })], "idler");
      const [quietUid] = await appendMessages(server, "INBOX", [await makeMail({ subject: "waits for the poll" })], "quiet");
      assert.ok(await until(async () => (await findImapCursor(rt.ctx, "idler"))?.lastUid === idleUid, 15_000),
        "the IDLE session did not bring the message in within 15 s");
      const rows = await intakeRows(rt);
      assert.deepEqual(rows.map((r) => r.envelope_json.includes('"imapAccount":"idler"')), [true]);
      // The account without IDLE waits for its next poll, 5 minutes away.
      assert.notEqual((await findImapCursor(rt.ctx, "quiet"))?.lastUid, quietUid);
    } finally {
      await pollers.stop();
      await rt.close();
    }
  });

  it("refuses two accounts with the same name", async () => {
    // Configuration rejects this at start; the poller refuses it too when handed it directly.
    const rt = await runtimeWith(accountSettings("paydesk"));
    try {
      const account = rt.config.imap[0]!;
      assert.throws(() => createImapPollers(rt.ctx, [account, { ...account, folder: "Other" }]), /used twice/);
    } finally {
      await rt.close();
    }
  });
};

if (dovecotAvailable()) await forEachDialect("imap poller against Dovecot", suite);
else if (requireServices) it("has Dovecot to test against", () => assert.fail(`${dovecotMissingNotice} and PAYDESK_REQUIRE_SERVICES=1`));
else describe("imap poller against Dovecot", { skip: true }, () => {});
