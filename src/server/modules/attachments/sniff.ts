// What the bytes say they are, whatever the sender declared. Served types follow this, not the label.
const signatures: [string, (b: Buffer) => boolean][] = [
  ["image/png", (b) => b.length > 8 && b.readUInt32BE(0) === 0x89504e47],
  ["image/jpeg", (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ["image/gif", (b) => b.subarray(0, 6).toString("latin1") === "GIF87a" || b.subarray(0, 6).toString("latin1") === "GIF89a"],
  ["image/webp", (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP"],
  ["application/pdf", (b) => b.subarray(0, 5).toString("latin1") === "%PDF-"],
  ["application/zip", (b) => b.length > 4 && b.readUInt32BE(0) === 0x504b0304],
  ["application/vnd.ms-tnef", (b) => b.length > 4 && b.readUInt32LE(0) === 0x223e9f78],
  ["application/x-ole-storage", (b) => b.length > 8 && b.readUInt32BE(0) === 0xd0cf11e0],
];

export function sniffContentType(bytes: Buffer): string | null {
  for (const [type, test] of signatures) if (test(bytes)) return type;
  const head = bytes.subarray(0, 512).toString("latin1").trimStart().toLowerCase();
  if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))) return "image/svg+xml";
  if (head.startsWith("<!doctype html") || head.startsWith("<html") || head.startsWith("<script")) return "text/html";
  return null;
}
