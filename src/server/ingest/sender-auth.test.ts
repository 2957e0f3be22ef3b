// Sender authentication decides who may join a conversation. DNS is injected (there is none here);
// signatures are real DKIM signatures made with a key generated for the test.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { signWithDkim } from "../outbound/dkim.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../test/harness.ts";
import { makeMail } from "../test/mail-factory.ts";
import { acceptInbound } from "./accept.ts";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const dkimTxt = `v=DKIM1; k=rsa; p=${publicKey.export({ type: "spki", format: "der" }).toString("base64")}`;

/** DNS for example.net (signs with DKIM, DMARC p=reject) and nothing else. */
const records: Record<string, string[][]> = {
  "TXT s1._domainkey.example.net": [[dkimTxt]],
  "TXT _dmarc.example.net": [["v=DMARC1; p=reject"]],
  "TXT example.net": [["v=spf1 ip4:192.0.2.10 -all"]],
  // An attacker's own domain, with every record in order.
  "TXT s1._domainkey.evil.example": [[dkimTxt]],
  "TXT _dmarc.evil.example": [["v=DMARC1; p=reject"]],
};
async function resolver(name: string, rr: string) {
  const found = records[`${rr} ${name.toLowerCase()}`];
  if (found) return found;
  throw Object.assign(new Error(`query${rr} ENOTFOUND ${name}`), { code: "ENOTFOUND" });
}

const signed = async (raw: Buffer, domain = "example.net") => signWithDkim(raw, { domain, selector: "s1", privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString() }, new Date());

await forEachDialect("sender authentication", (dialect) => {
  // On a work thread, DNS questions come back to this thread's resolver (work/work-pool.ts).
  for (const threads of [0, 1]) describe(threads ? "on a work thread" : "on the main thread", () => {
    let rt: TestRuntime;
    before(async () => {
      rt = await openTestRuntime(dialect, { worker: { threads } }, { dnsResolver: resolver });
    });
    after(async () => rt.close());

    async function ingest(raw: Buffer, ip = "198.51.100.7", mailFrom = "li.wei@example.net") {
      const { inboundId } = await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom, rcptTo: ["support@example.com"], remoteIp: ip, helo: "mx.example.net" } });
      await rt.runner.drain();
      return rt.ctx.db.selectFrom("inbound").selectAll().where("id", "=", inboundId).executeTakeFirstOrThrow();
    }
    const verdictOf = async (messageId: string) =>
      (await rt.ctx.db.selectFrom("messages").select(["auth_verdict", "auth_json"]).where("id", "=", messageId).executeTakeFirstOrThrow());

    it("marks a DKIM-signed, DMARC-aligned message verified", async () => {
      const row = await ingest(await signed(await makeMail({ subject: "signed request" })));
      const { auth_verdict, auth_json } = await verdictOf(row.message_id!);
      assert.equal(auth_verdict, "verified", auth_json);
      assert.equal(JSON.parse(auth_json).dmarc, "pass");
    });

    it("marks a forged From of a DMARC p=reject domain spoofed, and never acknowledges it", async () => {
      const row = await ingest(await makeMail({ subject: "please send me my statement" }), "203.0.113.66", "attacker@evil.example");
      const { auth_verdict } = await verdictOf(row.message_id!);
      assert.equal(auth_verdict, "spoofed");
      const ticket = await rt.ctx.db.selectFrom("tickets").select(["tags_json"]).where("id", "=", row.ticket_id!).executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(ticket.tags_json), ["spoofed-sender"]);
      const acks = await rt.ctx.db.selectFrom("outbound_mail").select("id").where("ticket_id", "=", row.ticket_id!).execute();
      assert.equal(acks.length, 0);
      const skipped = await rt.ctx.db.selectFrom("events").select("data_json").where("ticket_id", "=", row.ticket_id!).where("kind", "=", "acknowledgement.skipped").executeTakeFirstOrThrow();
      assert.match(skipped.data_json, /DMARC/);
    });

    it("greets a verified sender by the name in their own message, not one a forged message left behind", async () => {
      const from = "wang.fang@example.net";
      await ingest(await makeMail({ from: `"ACCOUNT FROZEN call +1 555 0100" <${from}>`, subject: "forged" }), "203.0.113.66", "attacker@evil.example");
      const row = await ingest(await signed(await makeMail({ from: `"Wang Fang" <${from}>`, subject: "genuine question" })), "192.0.2.10", from);
      assert.equal((await verdictOf(row.message_id!)).auth_verdict, "verified");
      const ack = await rt.ctx.db.selectFrom("outbound_mail").select("raw_blob_key").where("ticket_id", "=", row.ticket_id!).where("kind", "=", "acknowledgement").executeTakeFirstOrThrow();
      const text = (await rt.ctx.services.blobs.get(ack.raw_blob_key!)).toString("utf8");
      assert.match(text, /Wang Fang/);
      assert.doesNotMatch(text, /555 0100|FROZEN/);
    });

    it("lets only a verified sender join an existing conversation", async () => {
      const first = await ingest(await signed(await makeMail({ subject: "my account is frozen" })));
      const ack = await rt.ctx.db.selectFrom("outbound_mail").select("message_id_header").where("ticket_id", "=", first.ticket_id!).executeTakeFirstOrThrow();
      const participants = async () => (await rt.ctx.db.selectFrom("ticket_participants").select("address").where("ticket_id", "=", first.ticket_id!).execute()).map((p) => p.address).sort();

      // A colleague whose domain vouches for them joins.
      const colleague = await ingest(await signed(await makeMail({ from: "wang.fang@example.net", subject: "Re: frozen", inReplyTo: ack.message_id_header })), "198.51.100.7", "wang.fang@example.net");
      assert.equal(colleague.ticket_id, first.ticket_id);
      assert.deepEqual(await participants(), ["li.wei@example.net", "wang.fang@example.net"]);

      // Someone whose mail nobody vouches for is threaded (they hold our signed id) but does not join.
      const stranger = await ingest(await makeMail({ from: "someone@unsigned.example", subject: "Re: frozen", inReplyTo: ack.message_id_header }), "203.0.113.9", "someone@unsigned.example");
      assert.equal(stranger.ticket_id, first.ticket_id);
      assert.equal((await verdictOf(stranger.message_id!)).auth_verdict, "unverified");
      assert.deepEqual(await participants(), ["li.wei@example.net", "wang.fang@example.net"]);

      // ... so the ticket number in a subject gets them nothing later.
      const again = await ingest(await makeMail({ from: "someone@unsigned.example", subject: `Re: [#OK-${100000 + 2}] frozen` }), "203.0.113.9", "someone@unsigned.example");
      assert.notEqual(again.ticket_id, first.ticket_id);
    });

    it("does not let a pass for one domain vouch for another mailbox in the From header", async () => {
      const victim = await ingest(await signed(await makeMail({ subject: "my withdrawal" })));
      const number = (await rt.ctx.db.selectFrom("tickets").select("number").where("id", "=", victim.ticket_id!).executeTakeFirstOrThrow()).number;
      // Signed by the attacker's domain, which passes DMARC for evil.example; the group puts the victim first.
      const raw = await signed(await makeMail({ from: "x: Li Wei <li.wei@example.net>;, attacker@evil.example", subject: `Re: [#OK-${number}] change my card` }), "evil.example");
      const row = await ingest(raw, "203.0.113.66", "attacker@evil.example");
      const { auth_verdict, auth_json } = await verdictOf(row.message_id!);
      assert.equal(auth_verdict, "spoofed", auth_json);
      assert.match(JSON.parse(auth_json).fromMismatch, /evil\.example/);
      assert.notEqual(row.ticket_id, victim.ticket_id);
    });

    it("never threads forged mail into the ticket of the address it forges", async () => {
      const victim = await ingest(await signed(await makeMail({ subject: "card charged twice" })));
      const ticket = await rt.ctx.db.selectFrom("tickets").select("number").where("id", "=", victim.ticket_id!).executeTakeFirstOrThrow();
      const ack = await rt.ctx.db.selectFrom("messages").select("message_id_header").where("id", "=", victim.message_id!).executeTakeFirstOrThrow();
      // Unsigned, from outside example.net's SPF: DMARC fails, though the From names a participant.
      const bySubject = await ingest(await makeMail({ subject: `Re: [#OK-${ticket.number}] please refund to my new card` }), "203.0.113.66", "attacker@evil.example");
      assert.equal((await verdictOf(bySubject.message_id!)).auth_verdict, "spoofed");
      assert.notEqual(bySubject.ticket_id, victim.ticket_id);
      const byReference = await ingest(await makeMail({ subject: "Re: card charged twice", inReplyTo: ack.message_id_header! }), "203.0.113.66", "attacker@evil.example");
      assert.notEqual(byReference.ticket_id, victim.ticket_id);
    });

    it("files a verified original after its reply only when that reply was as well authenticated", async () => {
      const address = `he.lin.${threads}@example.net`;
      const original = (n: number) => `<he-lin-${threads}-${n}@mail.example.net>`;
      // A reply in the customer's name that nothing authenticated (as a forgery at a domain whose DNS
      // gave no answer would be), taken in before the customer's real, signed mail.
      const weak = await ingest(await signed(await makeMail({ from: address, subject: "Re: 冻结", inReplyTo: original(1) })), "192.0.2.10", address);
      await rt.ctx.db.updateTable("messages").set({ auth_verdict: "unverified" }).where("id", "=", weak.message_id!).execute();
      const real = await ingest(await signed(await makeMail({ from: address, subject: "冻结", messageId: original(1) })), "192.0.2.10", address);
      assert.equal((await verdictOf(real.message_id!)).auth_verdict, "verified");
      assert.notEqual(real.ticket_id, weak.ticket_id, "verified mail is not drawn into the ticket an unverified reply opened");
      // Both verified: the original joins its reply's ticket.
      const reply = await ingest(await signed(await makeMail({ from: address, subject: "Re: 退款", inReplyTo: original(2) })), "192.0.2.10", address);
      const later = await ingest(await signed(await makeMail({ from: address, subject: "退款", messageId: original(2) })), "192.0.2.10", address);
      assert.equal(later.ticket_id, reply.ticket_id);
    });

    it("does not hold a verified sender's mail because someone forged a flood in their name", async () => {
      const limit = rt.config.intake.burstLimitPer10Minutes;
      const address = `zhou.min.${threads}@example.net`;
      const forged: string[] = [];
      for (let i = 0; i <= limit; i++) {
        forged.push((await ingest(await makeMail({ from: address, subject: `forged ${i}` }), "203.0.113.66", "attacker@evil.example")).status);
      }
      assert.equal(forged[forged.length - 1], "diverted", "the forged flood itself is held");
      const genuine = await ingest(await signed(await makeMail({ from: address, subject: "my real question" })), "192.0.2.10", address);
      assert.equal(genuine.status, "processed", genuine.reason ?? "");
      assert.equal((await verdictOf(genuine.message_id!)).auth_verdict, "verified");
    });

    it("holds a burst from one sender instead of opening a ticket per message", async () => {
      const limit = rt.config.intake.burstLimitPer10Minutes;
      const statuses: string[] = [];
      for (let i = 0; i <= limit + 1; i++) {
        const row = await ingest(await makeMail({ from: "flood@flood.example", subject: `flood ${i}` }), "203.0.113.50", "flood@flood.example");
        statuses.push(row.status);
      }
      assert.equal(statuses.filter((s) => s === "processed").length, limit);
      assert.equal(statuses[statuses.length - 1], "diverted");
      const held = await rt.ctx.db.selectFrom("inbound").select("reason").where("from_address", "=", "flood@flood.example").where("status", "=", "diverted").executeTakeFirstOrThrow();
      assert.match(held.reason!, /burst/);
    });

    it("counts a burst by mailbox: new +tags and capitals do not make a new sender", async () => {
      const limit = rt.config.intake.burstLimitPer10Minutes;
      const statuses: string[] = [];
      for (let i = 0; i <= limit + 1; i++) {
        const from = i % 2 ? `Flood+${i}@Tagged.example` : `flood+${i}@tagged.example`;
        statuses.push((await ingest(await makeMail({ from, subject: `flood ${i}` }), "203.0.113.51", from)).status);
      }
      assert.equal(statuses.filter((s) => s === "processed").length, limit);
      assert.equal(statuses[statuses.length - 1], "diverted");
    });
  });
});
