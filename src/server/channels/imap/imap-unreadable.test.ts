// A message the IMAP server cannot deliver (here: its file on the server made unreadable) is retried,
// then left in the folder with an alert, and the mail behind it still comes in. Real Dovecot per dialect.
import assert from "node:assert/strict";
import { chmodSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Dialect } from "../../db/connect.ts";
import { createAgent } from "../../modules/agents/agent.commands.ts";
import { mailStatus } from "../../modules/alerts/mail-status.query.ts";
import { findImapCursor } from "../../modules/inbound/imap-cursor.repo.ts";
import { forEachDialect, openTestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { appendMessages, dovecotAvailable, dovecotMissingNotice, requireServices, startDovecot, type Dovecot } from "./dovecot.test-helper.ts";
import { readCursorMarks } from "./imap-cursor-marks.ts";
import { classifyImapError, ImapMessageError, isMessageRefusal } from "./imap-errors.ts";
import { syncImapAccountOnce } from "./imap-sync.ts";
import { MESSAGE_ATTEMPTS } from "./imap-unreadable.ts";

let server: Dovecot;

/** Makes the stored file of message `uid` unreadable to Dovecot (its maildir lists UIDs in dovecot-uidlist). */
function damage(user: string, uid: number): void {
  const maildir = server.maildir(user);
  const line = readFileSync(join(maildir, "dovecot-uidlist"), "utf8").split("\n").find((l) => l.startsWith(`${uid} `));
  const base = line?.slice(line.indexOf(":") + 1).trim();
  assert.ok(base, `UID ${uid} is in dovecot-uidlist`);
  for (const sub of ["new", "cur"]) {
    try {
      chmodSync(join(maildir, sub, base), 0);
      return;
    } catch {
      // not in this one
    }
  }
  assert.fail(`no file for UID ${uid}`);
}

describe("a refused message is not a network failure", () => {
  it("tells a tagged NO or a server hanging up over a message from a lost connection", () => {
    const no = Object.assign(new Error("Command failed"), { responseStatus: "NO", responseText: "Message has been expunged" });
    const bye = Object.assign(new Error("Connection not available"), { code: "NoConnection", command: "UID FETCH", reason: "FETCH failed: Internal error occurred." });
    const dropped = Object.assign(new Error("Connection not available"), { code: "NoConnection", command: "UID FETCH" });
    const shutdown = Object.assign(new Error("Connection not available"), { code: "NoConnection", command: "UID FETCH", reason: "Server shutting down." });
    const throttled = Object.assign(new Error("Command failed"), { responseStatus: "NO", code: "ETHROTTLE" });
    assert.deepEqual([no, bye, dropped, shutdown, throttled].map(isMessageRefusal), [true, true, false, false, false]);
    assert.equal(classifyImapError(new ImapMessageError(7, "message UID 7: the server answered NO", false)).reason, "message");
    assert.equal(classifyImapError(dropped).reason, "network");
  });
});

const suite = (dialect: Dialect) => {
  before(async () => {
    server = await startDovecot([{ user: "damaged", password: "secret" }, { user: "odd", password: "secret" }]);
  });
  after(async () => server?.stop());

  it("retries a message the server cannot deliver, then leaves it with an alert and takes in the rest", async () => {
    const rt = await openTestRuntime(dialect, {
      imap: [{ name: "damaged", host: server.host, port: server.port, secure: false, user: "damaged", password: "secret", folder: "INBOX", pollSeconds: 5, importExisting: true }],
    });
    try {
      const account = rt.config.imap[0]!;
      await createAgent(rt.ctx, { email: "ops@example.com", name: "Ops", role: "admin", password: "correct horse battery" });
      const uids = await appendMessages(server, "INBOX", [
        await makeMail({ subject: "before" }), await makeMail({ subject: "unreadable" }), await makeMail({ subject: "after" }),
      ], "damaged");
      damage("damaged", uids[1]!);

      for (let attempt = 1; attempt < MESSAGE_ATTEMPTS; attempt++) {
        const pass = await syncImapAccountOnce(rt.ctx, account);
        assert.equal(pass.accepted, attempt === 1 ? 1 : 0);
        assert.equal(pass.failure?.reason, "message", "not reported as the server being unreachable");
        const cursor = await findImapCursor(rt.ctx, "damaged");
        assert.equal(cursor?.lastUid, uids[0], "the cursor waits before it while it is retried");
        assert.equal(cursor?.state, "active");
        assert.match(cursor?.lastError ?? "", new RegExp(`message UID ${uids[1]}: the server closed the connection: FETCH failed`));
        assert.equal((await readCursorMarks(rt.ctx, "damaged")).failingCount, attempt, "counted where a restart keeps it");
        const status = await mailStatus(rt.ctx);
        assert.ok(!status.problems.some((p) => /cannot reach its server/.test(p)), status.problems.join("\n"));
      }

      const last = await syncImapAccountOnce(rt.ctx, account);
      assert.deepEqual({ unreadable: last.unreadable, failure: last.failure, more: last.more }, { unreadable: 1, failure: null, more: true });
      const cursor = await findImapCursor(rt.ctx, "damaged");
      assert.equal(cursor?.lastUid, uids[1], "the cursor is past the message left in the folder");
      assert.equal(cursor?.lastError, null);
      const mails = await rt.ctx.db.selectFrom("outbound_mail").selectAll().where("to_address", "=", "ops@example.com").execute();
      assert.equal(mails.length, 1);
      assert.match(mails[0]!.subject, /could not be read and was left in the folder/);
      const alert = (await mailStatus(rt.ctx)).alerts.find((a) => a.kind === "imap.unreadable" && !a.resolvedAt);
      assert.match(alert?.message ?? "", new RegExp(`IMAP account damaged: message UID ${uids[1]} in INBOX .* could not be fetched ${MESSAGE_ATTEMPTS} times in a row; left in the folder`));

      const rest = await syncImapAccountOnce(rt.ctx, account);
      assert.deepEqual({ accepted: rest.accepted, failure: rest.failure }, { accepted: 1, failure: null });
      assert.equal((await findImapCursor(rt.ctx, "damaged"))?.lastUid, uids[2]);
      assert.equal((await readCursorMarks(rt.ctx, "damaged")).failingUid, null);
      await rt.runner.drain();
      const subjects = (await rt.ctx.db.selectFrom("tickets").select("subject").execute()).map((t) => t.subject).sort();
      assert.deepEqual(subjects, ["after", "before"]);
    } finally {
      await rt.close();
    }
  });

  it("leaves a message intake cannot take (nothing but a byte-order mark) in the folder, with an alert, and goes on", async () => {
    const rt = await openTestRuntime(dialect, {
      imap: [{ name: "odd", host: server.host, port: server.port, secure: false, user: "odd", password: "secret", folder: "INBOX", pollSeconds: 5, importExisting: true }],
    });
    try {
      const uids = await appendMessages(server, "INBOX", [Buffer.from([0xef, 0xbb, 0xbf]), await makeMail({ subject: "after the odd one" })], "odd");
      const pass = await syncImapAccountOnce(rt.ctx, rt.config.imap[0]!);
      assert.equal(pass.accepted, 1);
      assert.equal((await findImapCursor(rt.ctx, "odd"))?.lastUid, uids[1]);
      const alert = (await mailStatus(rt.ctx)).alerts.find((a) => a.key === "imap.unreadable:odd" && !a.resolvedAt);
      assert.match(alert?.message ?? "", new RegExp(`message UID ${uids[0]} in INBOX .* was refused by intake \\(empty message\\); left in the folder`));
    } finally {
      await rt.close();
    }
  });
};

if (dovecotAvailable()) await forEachDialect("imap message the server cannot deliver", suite);
else if (requireServices) it("has Dovecot to test against", () => assert.fail(`${dovecotMissingNotice} and PAYDESK_REQUIRE_SERVICES=1`));
else describe("imap message the server cannot deliver", { skip: true }, () => {});
