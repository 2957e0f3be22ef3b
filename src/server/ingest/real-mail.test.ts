// Real-world mail through the whole pipeline: our own fixtures (clients, charsets, machines) and every
// message of the shared public MIME corpora.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, it } from "node:test";
import { corpusPath } from "../test/corpora.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../test/harness.ts";
import { makeMail } from "../test/mail-factory.ts";
import { acceptInbound } from "./accept.ts";

const fixtures = fileURLToPath(new URL("../../../test/fixtures/mail/", import.meta.url));
const fixture = (name: string) => readFileSync(join(fixtures, name));

function listFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

await forEachDialect("real-world mail", (dialect) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await openTestRuntime(dialect, { acknowledgements: { maxPerAddressPerHour: 1000 }, intake: { burstLimitPer10Minutes: 10_000 } });
  });
  after(async () => rt.close());

  async function ingest(raw: Buffer, mailFrom = "customer@example.net") {
    const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom, rcptTo: ["support@example.com"], remoteIp: "192.0.2.1", helo: "mail.example.net" } });
    await rt.runner.drain();
    return rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", inboundId).executeTakeFirstOrThrow();
  }
  const messageOf = (id: string) => rt.ctx.db.selectFrom("messages").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  /** Opens a ticket for customer@example.net and returns it with our acknowledgement's Message-ID. */
  async function openTicket(subject: string) {
    const row = await ingest(await makeMail({ from: "customer@example.net", subject }));
    const ack = await rt.ctx.db.selectFrom("outbound_mail").select("message_id_header").where("ticket_id", "=", row.ticket_id!).executeTakeFirstOrThrow();
    return { ticketId: row.ticket_id!, ackId: ack.message_id_header };
  }
  /** The fixture as the customer's client would send it in reply to our real acknowledgement. */
  const asReplyTo = (raw: Buffer, ackId: string) => Buffer.from(raw.toString("latin1").replace(/<pd\.[^>]+>/g, ackId), "latin1");

  for (const [name, newLine, quotedLine] of [
    ["gmail-reply.eml", /still showing as pending/, /wrote:|写道/],
    ["outlook-reply.eml", /did not authorise the payment/, /Original Message|From:/],
    ["qqmail-reply.eml", /提现还是没有到账/, /原始邮件/],
  ] as const) {
    it(`threads a reply from ${name.replace("-reply.eml", "")} and separates its quoted history`, async () => {
      const { ticketId, ackId } = await openTicket(`first message before ${name}`);
      const row = await ingest(asReplyTo(fixture(name), ackId));
      assert.equal(row.status, "processed", row.reason ?? "");
      assert.equal(row.ticket_id, ticketId);
      const msg = await messageOf(row.message_id!);
      assert.match(msg.text_body, newLine);
      assert.doesNotMatch(msg.text_body, quotedLine);
      assert.match(msg.quoted_text, quotedLine);
    });
  }

  it("reads GBK mail labelled GB2312 and GB18030 mail labelled GBK", async () => {
    const gbk = await messageOf((await ingest(fixture("gbk-as-gb2312.eml"))).message_id!);
    assert.match(gbk.subject, /李珺喆/);
    assert.match(gbk.text_body, /镕达贸易/);
    const gb18030 = await messageOf((await ingest(fixture("gb18030-as-gbk.eml"))).message_id!);
    assert.match(gb18030.text_body, /王𠮷/);
    assert.ok(!gb18030.subject.includes("\uFFFD"));
    const big5 = await messageOf((await ingest(fixture("big5.eml"))).message_id!);
    assert.match(big5.text_body, /儲值/);
  });

  it("keeps forwarded mail and inline images as attachments", async () => {
    const fwd = await ingest(fixture("forwarded.eml"));
    const fwdAttachments = await rt.ctx.db.selectFrom("attachments").selectAll().where("message_id", "=", fwd.message_id!).execute();
    assert.ok(fwdAttachments.some((a) => a.filename.endsWith(".eml")));
    const img = await ingest(fixture("with-attachment.eml"));
    const imgAttachments = await rt.ctx.db.selectFrom("attachments").selectAll().where("message_id", "=", img.message_id!).execute();
    assert.equal(imgAttachments.length, 2);
    assert.ok(imgAttachments.every((a) => a.content_type === "image/png"));
    assert.ok(imgAttachments.some((a) => a.inline === 1 && a.content_id));
  });

  it("never acknowledges an auto-reply and records a bounce against our mail", async () => {
    const before = await rt.ctx.db.selectFrom("outbound_mail").select("id").execute();
    const auto = await ingest(fixture("auto-reply.eml"));
    assert.equal(auto.status, "diverted");
    const { ticketId, ackId } = await openTicket("bounce me");
    const bounce = await ingest(asReplyTo(fixture("dsn-bounce.eml"), ackId), "");
    assert.equal(bounce.status, "diverted");
    assert.equal(bounce.ticket_id, ticketId);
    const out = await rt.ctx.db.selectFrom("outbound_mail").select("status").where("message_id_header", "=", ackId).executeTakeFirstOrThrow();
    assert.equal(out.status, "bounced");
    const after = await rt.ctx.db.selectFrom("outbound_mail").select("id").execute();
    assert.equal(after.length, before.length + 1, "only the acknowledgement of the new ticket was queued");
  });

  it("takes every message of the public MIME corpora without a crash or a silent drop", async (t) => {
    const root = corpusPath("mime");
    if (!root) return t.skip("corpora not present");
    const files = listFiles(root).filter((f) => f.endsWith(".eml"));
    assert.ok(files.length > 200, `found ${files.length} corpus messages`);
    const outcomes: Record<string, number> = {};
    let cjkReadable = 0;
    let cjkTotal = 0;
    for (const file of files) {
      const row = await ingest(readFileSync(file), "");
      outcomes[row.status] = (outcomes[row.status] ?? 0) + 1;
      assert.ok(["processed", "dropped", "diverted"].includes(row.status), `${file}: ${row.status} ${row.reason ?? ""}`);
      if (row.status !== "processed") assert.ok(row.reason, `${file}: ${row.status} without a reason`);
      else {
        const msg = await messageOf(row.message_id!);
        const attachments = await rt.ctx.db.selectFrom("attachments").select("id").where("message_id", "=", msg.id).execute();
        assert.ok(msg.text_body.length + (msg.html_body?.length ?? 0) + msg.subject.length + attachments.length > 0, `${file}: nothing kept`);
        assert.doesNotMatch(msg.html_body ?? "", /<script|onerror=|javascript:/i, `${file}: unsafe HTML kept`);
        if (file.includes("/cjk/")) {
          cjkTotal += 1;
          // Some are English under a CJK label, some are corrupt spam; what decodes must not turn to U+FFFD.
          if (!(msg.subject + msg.text_body + (msg.html_body ?? "")).includes("\uFFFD")) cjkReadable += 1;
        }
      }
    }
    t.diagnostic(`corpus outcomes: ${JSON.stringify(outcomes)}; CJK-labelled messages decoded without replacement characters: ${cjkReadable}/${cjkTotal}`);
    assert.ok(cjkTotal >= 40, `CJK messages processed: ${cjkTotal}`);
    assert.ok(cjkReadable / cjkTotal >= 0.85, `CJK-labelled messages decoded cleanly: ${cjkReadable}/${cjkTotal}`);
  });
});
