// Outlook's TNEF wrapper (winmail.dat): the files inside come out with their names and bytes; damaged
// or hostile streams give what could be read, or a TnefError, never anything else.
import { test } from "node:test";
import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { makeMail } from "../../test/mail-factory.ts";
import { parseMessage } from "./parse-message.ts";
import { MAX_TNEF_FILES, readTnef, TnefError } from "./tnef.ts";

// A TNEF writer after [MS-OXTNEF], enough to build the streams Outlook sends.
const LEVEL_MESSAGE = 1;
const LEVEL_ATTACHMENT = 2;
const ATT = { version: 0x00089006, oemCodepage: 0x00069007, messageClass: 0x00078008, rendData: 0x00069002, title: 0x00018010, data: 0x0006800f, props: 0x00069005 };
const PT = { long: 0x0003, string8: 0x001e, unicode: 0x001f, binary: 0x0102 };
const PR = { longFilename: 0x3707, mimeTag: 0x370e, method: 0x3705, displayName: 0x3001 };

function attribute(level: number, id: number, data: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head[0] = level;
  head.writeUInt32LE(id, 1);
  head.writeUInt32LE(data.length, 5);
  const checksum = Buffer.alloc(2);
  checksum.writeUInt16LE(data.reduce((sum, b) => (sum + b) & 0xffff, 0));
  return Buffer.concat([head, data, checksum]);
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const padded = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);

function mapiProps(props: Array<{ type: number; id: number; value: Buffer | number }>): Buffer {
  const parts = [u32(props.length)];
  for (const p of props) {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(p.type, 0);
    head.writeUInt16LE(p.id, 2);
    parts.push(head);
    if (typeof p.value === "number") parts.push(u32(p.value));
    else parts.push(u32(1), u32(p.value.length), padded(p.value));
  }
  return Buffer.concat(parts);
}

const unicode = (s: string) => Buffer.from(`${s}\0`, "utf16le");

function tnefStream(codepage: number, ...attachments: Buffer[][]): Buffer {
  const signature = Buffer.alloc(6);
  signature.writeUInt32LE(0x223e9f78, 0);
  signature.writeUInt16LE(0x1234, 4);
  return Buffer.concat([
    signature,
    attribute(LEVEL_MESSAGE, ATT.version, u32(0x00010000)),
    attribute(LEVEL_MESSAGE, ATT.oemCodepage, Buffer.concat([u32(codepage), u32(0)])),
    attribute(LEVEL_MESSAGE, ATT.messageClass, Buffer.from("IPM.Microsoft Mail.Note\0")),
    ...attachments.flat(),
  ]);
}

const statement = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(4000, 0x41)]);
const screenshot = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(3000, 7)]);

/** A file as Outlook writes it: rendering data, 8-bit title, bytes, then MAPI properties. */
const attachmentWith = (title: Buffer, data: Buffer, props: Array<{ type: number; id: number; value: Buffer | number }>) => [
  attribute(LEVEL_ATTACHMENT, ATT.rendData, Buffer.alloc(14)),
  attribute(LEVEL_ATTACHMENT, ATT.title, Buffer.concat([title, Buffer.from([0])])),
  attribute(LEVEL_ATTACHMENT, ATT.data, data),
  attribute(LEVEL_ATTACHMENT, ATT.props, mapiProps(props)),
];

const twoFiles = () => tnefStream(
  936,
  attachmentWith(Buffer.from("STATEM~1.PDF"), statement, [
    { type: PT.long, id: PR.method, value: 1 },
    { type: PT.unicode, id: PR.longFilename, value: unicode("银行流水 2026-11.pdf") },
    { type: PT.string8, id: PR.mimeTag, value: Buffer.from("application/pdf\0") },
  ]),
  // A Chinese Outlook: the 8-bit title is in the OEM code page (936, GBK), no long name.
  attachmentWith(iconv.encode("截图.png", "cp936"), screenshot, [{ type: PT.long, id: PR.method, value: 1 }]),
);

test("unpacks each file with its long name, the 8-bit name in the sender's code page, type and bytes", () => {
  const { files, notUnpacked, damaged, tooMany } = readTnef(twoFiles());
  assert.equal(damaged, false);
  assert.equal(tooMany, false);
  assert.equal(notUnpacked, 0);
  assert.deepEqual(files.map((f) => [f.filename, f.contentType]), [["银行流水 2026-11.pdf", "application/pdf"], ["截图.png", null]]);
  assert.ok(files[0]!.content.equals(statement));
  assert.ok(files[1]!.content.equals(screenshot));
});

test("an embedded Outlook item is counted, not unpacked", () => {
  const embedded = [
    attribute(LEVEL_ATTACHMENT, ATT.rendData, Buffer.alloc(14)),
    attribute(LEVEL_ATTACHMENT, ATT.props, mapiProps([{ type: PT.long, id: PR.method, value: 5 }, { type: PT.unicode, id: PR.displayName, value: unicode("Fwd: refund") }])),
  ];
  const { files, notUnpacked } = readTnef(tnefStream(1252, attachmentWith(Buffer.from("a.txt"), Buffer.from("hello"), []), embedded));
  assert.deepEqual(files.map((f) => f.filename), ["a.txt"]);
  assert.equal(notUnpacked, 1);
});

test("a stream with more files than the cap stops there and says so", () => {
  const tiny = attachmentWith(Buffer.from("a.txt"), Buffer.from("x"), []);
  const stream = tnefStream(1252, ...Array.from({ length: MAX_TNEF_FILES + 5 }, () => tiny));
  const { files, tooMany } = readTnef(stream);
  assert.equal(files.length, MAX_TNEF_FILES);
  assert.equal(tooMany, true);
});

test("a stream cut short keeps the files before the cut and says it is damaged", () => {
  const whole = twoFiles();
  const cut = whole.subarray(0, whole.length - 1500);
  const { files, damaged } = readTnef(cut);
  assert.equal(damaged, true);
  assert.deepEqual(files.map((f) => f.filename), ["银行流水 2026-11.pdf"]);
});

test("no signature is a TnefError; hostile bytes give files or a TnefError, nothing else", () => {
  assert.throws(() => readTnef(Buffer.from("not tnef at all")), TnefError);
  const valid = twoFiles();
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 2000; round++) {
    const mutated = Buffer.from(valid.subarray(0, 6 + rand(valid.length)));
    for (let i = 0; i < 1 + rand(8); i++) mutated[6 + rand(Math.max(1, mutated.length - 6))] = rand(256);
    try {
      const { files } = readTnef(mutated);
      for (const f of files) assert.ok(f.content.length <= mutated.length);
    } catch (err) {
      assert.ok(err instanceof TnefError, `round ${round}: ${(err as Error).stack}`);
    }
  }
});

test("a mail with winmail.dat shows the files inside it in place of the wrapper", async () => {
  const raw = await makeMail({
    subject: "退款 refund: statement attached",
    text: "Please see the statement.",
    attachments: [{ filename: "winmail.dat", content: twoFiles(), contentType: "application/ms-tnef" }],
  });
  const decoded = await parseMessage(raw);
  assert.deepEqual(decoded.attachments.map((a) => [a.filename, a.contentType, a.size]), [
    ["银行流水 2026-11.pdf", "application/pdf", statement.length],
    ["截图.png", "application/octet-stream", screenshot.length],
  ]);
  assert.ok(decoded.warnings.some((w) => /winmail\.dat: 2 files unpacked/.test(w)), decoded.warnings.join("; "));
});

test("a winmail.dat that cannot be read stays as it came, with a warning", async () => {
  const raw = await makeMail({
    subject: "attachment",
    text: "see attached",
    attachments: [{ filename: "winmail.dat", content: Buffer.from("garbage, not TNEF"), contentType: "application/ms-tnef" }],
  });
  const decoded = await parseMessage(raw);
  assert.deepEqual(decoded.attachments.map((a) => a.filename), ["winmail.dat"]);
  assert.ok(decoded.warnings.some((w) => /could not be read/.test(w)));
});
