// Evidence export end to end: real ingest, a reply and a note, then the archive, its PDF, and the verifier
// against tampering of any kind.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { inflateSync } from "node:zlib";
import { after, before, it } from "node:test";
import { unzipSync } from "fflate";
import { simpleParser } from "mailparser";
import { forEachDialect, openTestRuntime, requireServices, type TestRuntime } from "../../test/harness.ts";
import { makeMail } from "../../test/mail-factory.ts";
import { acceptInbound } from "../../ingest/accept.ts";
import { createExportKey, generateExportKeyPem } from "../../security/export-key.ts";
import { addNote, replyToTicket } from "../tickets/reply.commands.ts";
import { findTicketByNumber } from "../tickets/ticket.repo.ts";
import { buildEvidenceArchive, buildTranscriptPdf } from "./build-export.ts";
import { findCjkFont } from "./cjk-font.ts";
import { encodeManifest, encodeSignature, manifestSchema, nextChain, sha256Hex, writeArchive, CHAIN_START } from "./evidence-format.ts";
import { verifyExport } from "./verify-export.ts";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000100108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");
const CARD = "4111 1111 1111 1111";
const NOTE = "Internal: VIP customer, risk flag RISK-7731 checked";

/** Text drawn by the standard fonts: the hex strings of every text operator in the page streams. */
function standardFontText(pdf: Buffer): string {
  let out = "";
  const latin = pdf.toString("latin1");
  for (const m of latin.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = latin.indexOf("endstream", start);
    let body: string;
    try {
      body = inflateSync(pdf.subarray(start, end)).toString("latin1");
    } catch {
      continue;
    }
    for (const tj of body.matchAll(/\[(.*?)\]\s*TJ/g)) out += [...tj[1]!.matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1]!, "hex").toString("latin1")).join("");
  }
  return out;
}

/** Every Unicode code point a PDF's ToUnicode maps declare (what a reader copies out of embedded fonts). */
function toUnicodeCodePoints(pdf: Buffer): Set<number> {
  const points = new Set<number>();
  const latin = pdf.toString("latin1");
  for (const m of latin.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    try {
      const body = inflateSync(pdf.subarray(start, latin.indexOf("endstream", start))).toString("latin1");
      if (!body.includes("beginbfrange") && !body.includes("beginbfchar")) continue;
      for (const h of body.matchAll(/<([0-9a-f]{4})>/gi)) points.add(parseInt(h[1]!, 16));
    } catch {
      // not a compressed stream
    }
  }
  return points;
}

await forEachDialect("evidence export", (dialect) => {
  let rt: TestRuntime;
  let ticketId: string;
  let zip: Buffer;
  let installationKey: string;

  async function ingest(raw: Buffer) {
    await acceptInbound(rt.ctx, { channel: "smtp", raw, envelope: { mailFrom: "wang@example.net", rcptTo: ["support@example.com"] } });
    await rt.runner.drain();
  }

  before(async () => {
    rt = await openTestRuntime(dialect);
    installationKey = rt.ctx.services.exportKey.publicKeyPem;
    await ingest(await makeMail({
      from: "王伟 <wang@example.net>", subject: "提现失败 withdrawal failed",
      text: `您好，我昨天的提现还没有到账。卡号 ${CARD}，截图见附件。`,
      attachments: [{ filename: "截图.png", content: PNG, contentType: "image/png" }],
    }));
    ticketId = (await findTicketByNumber(rt.ctx, 100001))!.id;
    rt.clock.advance(60_000);
    await replyToTicket(rt.ctx, ticketId, { text: "您好，我们正在核查您的提现，请稍候。" });
    await addNote(rt.ctx, ticketId, NOTE);
    rt.clock.advance(60_000);
    await ingest(await makeMail({ from: "王伟 <wang@example.net>", subject: "Re: 提现失败 withdrawal failed [#OK-100001]", text: "谢谢，等您消息。" }));
    zip = (await buildEvidenceArchive(rt.ctx, ticketId)).bytes;
  });
  after(async () => {
    await rt.close();
  });

  it("holds the customer-visible exchange in timeline order, and no internal note", async () => {
    const files = unzipSync(zip);
    assert.deepEqual(Object.keys(files), [
      "messages/001-inbound.eml", "messages/002-outbound.eml", "messages/003-inbound.eml", "transcript.pdf", "manifest.json", "manifest.sig",
    ]);
    assert.ok(!zip.includes("RISK-7731"), "the note's text is nowhere in the archive");
    const pdf = await buildTranscriptPdf(rt.ctx, ticketId, { font: null });
    assert.ok(!standardFontText(pdf).includes("RISK-7731"), "nor in the transcript");
    assert.ok(standardFontText(pdf).includes("withdrawal failed"));
  });

  it("rebuilds each e-mail from the redacted fields, attachment included", async () => {
    const files = unzipSync(zip);
    const raw = Buffer.from(files["messages/001-inbound.eml"]!);
    assert.ok(!raw.toString("latin1").replace(/=\r\n/g, "").includes("4111"), "the full card number is not in the .eml");
    const first = await simpleParser(raw);
    assert.equal(first.from?.value[0]?.address, "wang@example.net");
    assert.equal(first.subject, "提现失败 withdrawal failed");
    assert.match(first.text ?? "", /提现还没有到账/);
    assert.match(first.text ?? "", /•••• 1111/);
    assert.equal(first.attachments.length, 1);
    assert.equal(first.attachments[0]!.filename, "截图.png");
    assert.deepEqual(first.attachments[0]!.content, PNG);
    assert.equal(first.headers.get("x-paydesk-ticket"), "OK-100001");
    const reply = await simpleParser(Buffer.from(files["messages/002-outbound.eml"]!));
    assert.equal(reply.from?.value[0]?.address, "support@example.com");
    assert.equal((reply.to as { value: { address: string }[] }).value[0]!.address, "wang@example.net");
    assert.match(reply.text ?? "", /正在核查/);
    assert.equal(reply.inReplyTo, first.messageId, "the reply threads to the customer's message");
  });

  it("lists every file with size, hash and a chain, signed by the installation key", () => {
    const files = unzipSync(zip);
    const manifestBytes = Buffer.from(files["manifest.json"]!);
    const manifest = manifestSchema.parse(JSON.parse(manifestBytes.toString("utf8")));
    assert.equal(manifest.ticket.number, "OK-100001");
    assert.equal(manifest.ticket.customer.address, "wang@example.net");
    assert.equal(manifest.key.fingerprint, rt.ctx.services.exportKey.fingerprint);
    let chain = CHAIN_START;
    for (const f of manifest.files) {
      const bytes = files[f.name]!;
      assert.equal(f.size, bytes.length);
      assert.equal(f.sha256, sha256Hex(bytes));
      chain = nextChain(chain, f.sha256);
      assert.equal(f.chain, chain);
    }
    assert.equal(manifest.files[0]!.message!.attachments[0]!.filename, "截图.png");
    const sig = Buffer.from(Buffer.from(files["manifest.sig"]!).toString("ascii").trim(), "base64");
    assert.ok(rt.ctx.services.exportKey.verify(manifestBytes, sig));
  });

  it("verifies an untouched archive", () => {
    const r = verifyExport(zip, { publicKeyPem: installationKey });
    assert.deepEqual(r.problems, []);
    assert.equal(r.ok, true);
    assert.equal(r.ticket?.number, "OK-100001");
    assert.deepEqual(r.messages.map((m) => m.direction), ["inbound", "outbound", "inbound"]);
    const embedded = verifyExport(zip);
    assert.equal(embedded.ok, true);
    assert.match(embedded.warnings.join(" "), /Compare it with the fingerprint published/);
  });

  it("fails when any single byte is flipped: in an e-mail, the PDF, the manifest, the signature, or the ZIP structure", () => {
    const at = (needle: string, from = 0) => {
      const i = zip.indexOf(needle, from);
      assert.ok(i >= 0, `${needle} is in the archive`);
      return i;
    };
    const named: Record<string, number> = {
      "inside the first .eml": at("X-Paydesk-Ticket") + 3,
      "inside the attachment's base64": at("Content-Transfer-Encoding: base64") + 60,
      "inside the PDF": at("%PDF") + 200,
      "inside manifest.json": at('"exportedAt"') + 5,
      "inside manifest.sig": zip.indexOf("\n", at("manifest.sig") + 12) - 10,
      "in a local header's date": 10,
      "in the central directory": at("PK\x01\x02") + 5,
      "in the end record": zip.length - 6,
    };
    for (const [where, i] of Object.entries(named)) {
      const copy = Buffer.from(zip);
      copy[i] = copy[i]! ^ 0x01;
      const r = verifyExport(copy, { publicKeyPem: installationKey });
      assert.equal(r.ok, false, `a flip ${where} (offset ${i}) is caught`);
      assert.ok(r.problems.length > 0 && r.problems.every((p) => p.length > 10), `with a reason (${where})`);
    }
  });

  it("fails for a flip at every byte outside the file contents and at a spread of bytes inside them", () => {
    const files = unzipSync(zip);
    // File data regions: wherever each file's bytes sit in the archive.
    const dataRanges = Object.values(files).map((b) => {
      const start = zip.indexOf(Buffer.from(b));
      return [start, start + b.length] as const;
    });
    const inData = (i: number) => dataRanges.some(([s, e]) => i >= s && i < e);
    let checked = 0;
    for (let i = 0; i < zip.length; i++) {
      if (inData(i) && i % 211 !== 0) continue;
      const copy = Buffer.from(zip);
      copy[i] = copy[i]! ^ 0x20;
      assert.equal(verifyExport(copy, { publicKeyPem: installationKey }).ok, false, `flip at offset ${i}`);
      checked += 1;
    }
    assert.ok(checked > 500);
  });

  it("fails when a message is removed, or the manifest is re-signed with another key", () => {
    const files = unzipSync(zip);
    const manifest = manifestSchema.parse(JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8")));
    // Drop the reply: the old signature no longer matches.
    const without = manifest.files.filter((f) => f.name !== "messages/002-outbound.eml");
    const dropped = writeArchive([...without.map((f) => [f.name, files[f.name]!] as [string, Uint8Array]), ["manifest.json", files["manifest.json"]!], ["manifest.sig", files["manifest.sig"]!]], manifest.exportedAt);
    const r1 = verifyExport(dropped, { publicKeyPem: installationKey });
    assert.equal(r1.ok, false);
    assert.match(r1.problems.join("\n"), /missing from the archive/);

    // A forger rebuilds a consistent manifest without the reply and signs it with their own key.
    const forger = createExportKey(generateExportKeyPem());
    let chain = CHAIN_START;
    const forged = {
      ...manifest,
      key: { ...manifest.key, fingerprint: forger.fingerprint, publicKey: forger.publicKeyPem.replace(/-----[^-]+-----|\s/g, "") },
      files: without.map((f) => ({ ...f, chain: (chain = nextChain(chain, f.sha256)) })),
    };
    forged.files = forged.files.map((f, i) => (f.message ? { ...f, name: `messages/00${i + 1}-${f.message.direction}.eml` } : f));
    const renamed = new Map(without.map((f, i) => [forged.files[i]!.name, files[f.name]!]));
    const forgedManifest = encodeManifest(forged);
    const forgedZip = writeArchive([...renamed.entries(), ["manifest.json", forgedManifest], ["manifest.sig", encodeSignature(forger.sign(forgedManifest))]], manifest.exportedAt);
    const selfConsistent = verifyExport(forgedZip);
    assert.equal(selfConsistent.ok, true, "on its own key the forgery is consistent…");
    assert.ok(selfConsistent.warnings.some((w) => w.includes("published")), "…which is why the fingerprint must be compared");
    const r2 = verifyExport(forgedZip, { publicKeyPem: installationKey });
    assert.equal(r2.ok, false, "against the installation key it fails");
    assert.match(r2.problems.join("\n"), /not the key it was checked against/);
    assert.match(r2.problems.join("\n"), /signature does not match/);
  });

  it("rejects what is not an archive, an added file, and a foreign key that is not Ed25519", () => {
    assert.match(verifyExport(Buffer.from("not a zip")).problems[0]!, /not a readable ZIP/);
    const files = unzipSync(zip);
    const manifest = manifestSchema.parse(JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8")));
    const extra = writeArchive([...Object.entries(files).slice(0, 4), ["messages/004-inbound.eml", Buffer.from("Subject: planted\r\n\r\nhi")], ...Object.entries(files).slice(4)] as [string, Uint8Array][], manifest.exportedAt);
    assert.match(verifyExport(extra, { publicKeyPem: installationKey }).problems.join("\n"), /not in the manifest: it was added/);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    assert.match(verifyExport(zip, { publicKeyPem: rsa }).problems.join("\n"), /cannot be read/);
  });

  it("draws Chinese with a CJK font when one is installed, else says it could not", async (t) => {
    const fallback = await buildTranscriptPdf(rt.ctx, ticketId, { font: null });
    const shown = standardFontText(fallback);
    assert.match(shown, /No font for Chinese/);
    assert.ok(!/[\u4e00-\u9fff]/.test(shown));
    const font = findCjkFont();
    if (!font) {
      if (requireServices) assert.fail("no CJK font installed (CI installs fonts-wqy-microhei)");
      t.skip("no CJK font installed: install fonts-wqy-microhei");
      return;
    }
    const pdf = await buildTranscriptPdf(rt.ctx, ticketId, { font });
    const points = toUnicodeCodePoints(pdf);
    for (const ch of "提现失败正在核查") assert.ok(points.has(ch.codePointAt(0)!), `${ch} is drawn with the embedded font`);
    assert.ok(!pdf.toString("latin1").includes("No font for Chinese"));
  });

  it("gives the same transcript bytes for the same export time", async () => {
    const a = await buildTranscriptPdf(rt.ctx, ticketId, { font: null });
    const b = await buildTranscriptPdf(rt.ctx, ticketId, { font: null });
    assert.deepEqual(a, b);
  });
});
