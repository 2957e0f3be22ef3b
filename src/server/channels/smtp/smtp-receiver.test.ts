// The SMTP receiver on a real port, driven by nodemailer's SMTP client, per dialect.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { after, before, describe, it } from "node:test";
import nodemailer from "nodemailer";
import SMTPConnection from "nodemailer/lib/smtp-connection/index.js";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { createSmtpReceiver, type SmtpReceiver } from "./smtp-receiver.ts";

type SmtpFailure = Error & { responseCode?: number; response?: string };

const customer = { from: "li.wei@example.net", to: ["support@example.com"] };

/** A 1×1 PNG followed by noise, so the stored bytes are worth comparing. */
const png = Buffer.concat([
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"),
  randomBytes(3000),
]);

async function send(port: number, raw: Buffer, envelope: { from: string; to: string[] } = customer) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope, raw });
  } finally {
    transport.close();
  }
}

async function sendExpectingFailure(port: number, raw: Buffer, envelope: { from: string; to: string[] } = customer): Promise<SmtpFailure> {
  try {
    await send(port, raw, envelope);
  } catch (err) {
    return err as SmtpFailure;
  }
  assert.fail("the receiver accepted a message it should have refused");
}

/** Sends with the low-level client and no SIZE declaration, so any limit applies only after DATA. */
async function sendUndeclared(port: number, raw: Buffer): Promise<SmtpFailure | null> {
  const conn = new SMTPConnection({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  try {
    await new Promise<void>((resolve, reject) => {
      conn.once("error", reject);
      conn.connect(() => resolve());
    });
    await new Promise<void>((resolve, reject) => conn.send({ from: customer.from, to: customer.to }, raw, (err) => (err ? reject(err) : resolve())));
    return null;
  } catch (err) {
    return err as SmtpFailure;
  } finally {
    conn.close();
  }
}

const countInbound = async (rt: TestRuntime) =>
  Number((await rt.ctx.db.selectFrom("inbound").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

/** Raw messages kept, wherever the store put them: rows of the blobs table (small) or files (large). */
const storedRawMessages = async (rt: TestRuntime) => {
  const root = join(rt.dataDir, "blobs", "raw");
  const files = existsSync(root) ? readdirSync(root).reduce((n, day) => n + readdirSync(join(root, day)).length, 0) : 0;
  const rows = await rt.ctx.db.selectFrom("blobs").select((eb) => eb.fn.countAll<number>().as("n")).where("key", "like", "raw/%").executeTakeFirstOrThrow();
  return files + Number(rows.n);
};

/** An open connection that has been greeted (or refused); its first reply line is kept. */
function openRawConnection(port: number): Promise<{ socket: Socket; greeting: string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const closed = new Promise<void>((done) => socket.once("close", () => done()));
    let buf = "";
    socket.on("data", (d: Buffer) => {
      buf += d.toString("latin1");
      if (buf.includes("\r\n")) {
        socket.removeAllListeners("data");
        resolve({ socket, greeting: buf.split("\r\n")[0]!, closed });
      }
    });
    socket.once("error", reject);
  });
}

/** One command/response round trip on an open connection. */
function roundTrip(socket: Socket, command: string): Promise<string> {
  return new Promise((resolve) => {
    let buf = "";
    const onData = (d: Buffer) => {
      buf += d.toString("latin1");
      if (buf.endsWith("\r\n")) {
        socket.off("data", onData);
        resolve(buf.trim());
      }
    };
    socket.on("data", onData);
    socket.write(`${command}\r\n`);
  });
}

await forEachDialect("smtp receiver", (dialect) => {
  describe("default limits", () => {
    let rt: TestRuntime;
    let receiver: SmtpReceiver;
    let port: number;
    before(async () => {
      // As deployed: message work on a thread of its own.
      rt = await openTestRuntime(dialect, { worker: { threads: 1 } });
      receiver = createSmtpReceiver(rt.ctx);
      port = await receiver.listen();
    });
    after(async () => {
      await receiver.close();
      await rt.close();
    });

    it("answers 250 with the intake id only once the message is stored, and the worker makes it a ticket", async () => {
      const raw = await makeMail({
        subject: "Payment failed, screenshot attached",
        text: "The payment page showed an error, see the screenshot.",
        attachments: [{ filename: "screenshot.png", content: png, contentType: "application/octet-stream" }],
      });
      const info = await send(port, raw);
      const id = /Accepted as (\S+)/.exec(info.response)?.[1];
      assert.ok(id, `no intake id in "${info.response}"`);
      assert.match(info.response, /^250 /);

      const pending = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      assert.equal(pending.status, "pending");
      assert.equal(pending.channel, "smtp");
      assert.deepEqual(JSON.parse(pending.envelope_json).rcptTo, ["support@example.com"]);
      assert.equal(JSON.parse(pending.envelope_json).remoteIp, "127.0.0.1");
      // The spool holds exactly what the client sent.
      assert.ok((await rt.ctx.services.blobs.get(pending.raw_blob_key)).equals(raw));

      await rt.runner.drain();
      const row = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      assert.equal(row.status, "processed", row.reason ?? "");
      assert.ok(row.ticket_id);
      const attachments = await rt.ctx.db.selectFrom("attachments").selectAll().where("message_id", "=", row.message_id!).execute();
      assert.equal(attachments.length, 1);
      assert.equal(attachments[0]!.filename, "screenshot.png");
      assert.equal(attachments[0]!.content_type, "image/png");
      assert.equal(attachments[0]!.size, png.length);
      assert.ok((await rt.ctx.services.blobs.get(attachments[0]!.blob_key)).equals(png));
    });

    it("threads the customer's reply to our acknowledgement onto the same ticket", async () => {
      const ack = await rt.ctx.db.selectFrom("outbound_mail").selectAll().where("kind", "=", "acknowledgement").executeTakeFirstOrThrow();
      const raw = await makeMail({
        subject: `Re: ${ack.subject}`,
        text: "Forgot to say: it happened twice.",
        inReplyTo: ack.message_id_header,
        references: ack.message_id_header,
      });
      const info = await send(port, raw);
      const id = /Accepted as (\S+)/.exec(info.response)![1]!;
      await rt.runner.drain();
      const row = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      assert.equal(row.status, "processed", row.reason ?? "");
      assert.equal(row.ticket_id, ack.ticket_id);
      const messages = await rt.ctx.db.selectFrom("messages").select("id").where("ticket_id", "=", ack.ticket_id!).execute();
      assert.equal(messages.length, 2);
    });

    it("refuses an unknown recipient with 550 and stores nothing", async () => {
      const inboundBefore = await countInbound(rt);
      const blobsBefore = await storedRawMessages(rt);
      const err = await sendExpectingFailure(port, await makeMail({ to: "nobody@example.com" }), { from: customer.from, to: ["nobody@example.com"] });
      assert.equal(err.responseCode, 550, err.message);
      const other = await sendExpectingFailure(port, await makeMail({ to: "support@elsewhere.example" }), { from: customer.from, to: ["support@elsewhere.example"] });
      assert.equal(other.responseCode, 550, other.message);
      assert.equal(await countInbound(rt), inboundBefore);
      assert.equal(await storedRawMessages(rt), blobsBefore);
    });

    it("refuses mail for a mailbox taken out of the configuration, though its tickets stay", async () => {
      // As left behind by an earlier configuration that had it.
      await rt.ctx.db.insertInto("mailboxes").values({ id: "01900000-0000-7000-8000-0000000b111e", address: "billing@example.com", name: "Billing", created_at: rt.clock.now().toISOString() }).execute();
      const inboundBefore = await countInbound(rt);
      const err = await sendExpectingFailure(port, await makeMail({ to: "billing@example.com" }), { from: customer.from, to: ["billing@example.com"] });
      assert.equal(err.responseCode, 550, err.message);
      assert.equal(await countInbound(rt), inboundBefore);
    });

    it("accepts plus-addressed recipients of a known mailbox", async () => {
      const info = await send(port, await makeMail({ to: "support+anything@example.com" }), { from: customer.from, to: ["support+anything@example.com"] });
      assert.match(info.response, /^250 .*Accepted as/);
    });

    it("answers 451 when the message cannot be stored, and accepts the same message on retry", async () => {
      const raw = await makeMail({ from: "retry@example.org", subject: "Please retry me" });
      const blobs = rt.ctx.services.blobs;
      const realPut = blobs.put;
      let failures = 0;
      blobs.put = async (key, bytes) => {
        if (key.startsWith("raw/") && failures === 0) {
          failures += 1;
          throw new Error("EIO: disk went away");
        }
        return realPut.call(blobs, key, bytes);
      };
      try {
        const inboundBefore = await countInbound(rt);
        const err = await sendExpectingFailure(port, raw, { from: "retry@example.org", to: customer.to });
        assert.equal(err.responseCode, 451, err.message);
        // The reason stays in our log; the client hears only that it may try again.
        assert.doesNotMatch(err.response ?? err.message, /EIO/);
        assert.equal(failures, 1);
        assert.equal(await countInbound(rt), inboundBefore);

        const info = await send(port, raw, { from: "retry@example.org", to: customer.to });
        const id = /Accepted as (\S+)/.exec(info.response)![1]!;
        await rt.runner.drain();
        const row = await rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
        assert.equal(row.status, "processed", row.reason ?? "");
        assert.equal(await countInbound(rt), inboundBefore + 1);
      } finally {
        blobs.put = realPut;
      }
    });

    it("answers 451 when the database cannot record the message", async () => {
      const raw = await makeMail({ from: "db@example.org", subject: "Database trouble" });
      const inboundBefore = await countInbound(rt);
      // The intake row cannot be committed (say, the database is locked for too long).
      const db = rt.ctx.db as { transaction: unknown };
      const original = db.transaction;
      let refused = 0;
      db.transaction = function (this: unknown) {
        refused += 1;
        if (refused === 1) throw new Error("SQLITE_BUSY: database is locked");
        return (original as () => unknown).call(this);
      };
      try {
        const err = await sendExpectingFailure(port, raw, { from: "db@example.org", to: customer.to });
        assert.equal(err.responseCode, 451, err.message);
      } finally {
        Reflect.deleteProperty(db, "transaction");
      }
      assert.equal(refused, 1);
      assert.equal(await countInbound(rt), inboundBefore);
      const info = await send(port, raw, { from: "db@example.org", to: customer.to });
      assert.match(info.response, /Accepted as/);
    });
  });

  describe("small limits", () => {
    let rt: TestRuntime;
    let receiver: SmtpReceiver;
    let port: number;
    before(async () => {
      rt = await openTestRuntime(dialect, {
        smtp: { host: "127.0.0.1", port: 0, maxMessageBytes: 50_000, maxConnectionsPerClient: 2, maxMessagesPerClientPerMinute: 5 },
      });
      receiver = createSmtpReceiver(rt.ctx);
      port = await receiver.listen();
    });
    after(async () => {
      await receiver.close();
      await rt.close();
    });

    it("refuses an oversized message with 552 and stores nothing, whether or not SIZE was declared", async () => {
      const big = await makeMail({ subject: "Huge scan", attachments: [{ filename: "scan.png", content: Buffer.concat([png, randomBytes(120_000)]) }] });
      assert.ok(big.length > 50_000);
      const declared = await sendExpectingFailure(port, big);
      assert.equal(declared.responseCode, 552, declared.message);
      const undeclared = await sendUndeclared(port, big);
      assert.ok(undeclared, "the oversized message was accepted");
      assert.equal(undeclared.responseCode, 552, undeclared.message);
      assert.equal(await countInbound(rt), 0);
      assert.equal(await storedRawMessages(rt), 0);
      // A message within the limit still goes through.
      const info = await send(port, await makeMail({ subject: "Small one" }));
      assert.match(info.response, /Accepted as/);
    });

    it("refuses a client's connections over the limit with 421, also after refused ones have gone", async () => {
      const a = await openRawConnection(port);
      const b = await openRawConnection(port);
      try {
        assert.match(a.greeting, /^220 /);
        assert.match(b.greeting, /^220 /);
        const err = await sendExpectingFailure(port, await makeMail({ subject: "third connection" }));
        assert.equal(err.responseCode, 421, err.message);

        // Refused connections come and go; the two open ones still count.
        for (let i = 0; i < 3; i++) {
          const refused = await openRawConnection(port);
          assert.match(refused.greeting, /^421 /);
          await refused.closed;
        }
        // A round trip on an open connection lets the server finish with the closed ones.
        assert.match(await roundTrip(a.socket, "NOOP"), /^250/);
        const again = await openRawConnection(port);
        again.socket.destroy();
        assert.match(again.greeting, /^421 /, "a connection over the limit was let in");
      } finally {
        a.socket.destroy();
        b.socket.destroy();
        await Promise.all([a.closed, b.closed]);
      }
      // Once the client's connections are closed it is welcome again.
      const later = await openRawConnection(port);
      assert.match(later.greeting, /^220 /);
      assert.match(await roundTrip(later.socket, "QUIT"), /^221/);
      await later.closed;
    });

    it("slows down a client that sends too many messages in a minute with 421", async () => {
      // A fresh minute; the limit is five messages a minute.
      rt.clock.advance(61_000);
      const results: (number | "ok")[] = [];
      for (let i = 0; i < 6; i++) {
        try {
          await send(port, await makeMail({ subject: `burst ${i}` }));
          results.push("ok");
        } catch (err) {
          results.push((err as SmtpFailure).responseCode ?? -1);
        }
      }
      assert.deepEqual(results, ["ok", "ok", "ok", "ok", "ok", 421]);
      rt.clock.advance(61_000);
      assert.match((await send(port, await makeMail({ subject: "after a minute" }))).response, /Accepted as/);
    });
  });

  describe("STARTTLS", () => {
    let plain: TestRuntime;
    let secured: TestRuntime;
    const receivers: SmtpReceiver[] = [];
    let plainPort: number;
    let tlsPort: number;
    before(async () => {
      // A self-signed certificate made for the test, as an operator would configure their own.
      const dir = mkdtempSync(join(tmpdir(), "paydesk-smtp-tls-"));
      execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=mx.paydesk.test",
        "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
      secured = await openTestRuntime(dialect, { smtp: { host: "127.0.0.1", port: 0, tlsKeyFile: join(dir, "key.pem"), tlsCertFile: join(dir, "cert.pem") } });
      plain = await openTestRuntime(dialect);
      receivers.push(createSmtpReceiver(secured.ctx), createSmtpReceiver(plain.ctx));
      tlsPort = await receivers[0]!.listen();
      plainPort = await receivers[1]!.listen();
    });
    after(async () => {
      for (const r of receivers) await r.close();
      await secured.close();
      await plain.close();
    });

    const sendRequiringTls = async (port: number, raw: Buffer) => {
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
      try {
        return await transport.sendMail({ envelope: customer, raw });
      } finally {
        transport.close();
      }
    };
    const ehlo = async (port: number) => {
      const { socket } = await openRawConnection(port);
      try {
        return await roundTrip(socket, "EHLO client.example.net");
      } finally {
        socket.destroy();
      }
    };

    it("offers STARTTLS when a certificate is configured and takes mail over the encrypted session", async () => {
      assert.match(await ehlo(tlsPort), /250[- ]STARTTLS/);
      const info = await sendRequiringTls(tlsPort, await makeMail({ subject: "sent over TLS" }));
      const id = /Accepted as (\S+)/.exec(info.response)![1]!;
      await secured.runner.drain();
      const row = await secured.ctx.db.selectFrom("inbound").select(["status"]).where("id", "=", id).executeTakeFirstOrThrow();
      assert.equal(row.status, "processed");
    });

    it("does not offer STARTTLS without a certificate, so a client that insists on TLS does not send", async () => {
      assert.doesNotMatch(await ehlo(plainPort), /STARTTLS/);
      const before = await countInbound(plain);
      await assert.rejects(sendRequiringTls(plainPort, await makeMail({ subject: "must not go in clear" })), /STARTTLS/);
      assert.equal(await countInbound(plain), before);
    });
  });
});
