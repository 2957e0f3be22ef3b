// The evidence archive format, shared by the builder and the verifier (docs/evidence-export.md).
// Entries are stored uncompressed with a fixed date, so the archive's bytes follow from its files alone:
// the verifier rebuilds the ZIP and any byte outside the files that differs is caught too.
import { createHash } from "node:crypto";
import { zipSync } from "fflate";
import { z } from "zod";

export const FORMAT = "paydesk-evidence/1";
export const MANIFEST_NAME = "manifest.json";
export const SIGNATURE_NAME = "manifest.sig";
export const TRANSCRIPT_NAME = "transcript.pdf";
/** The chain's starting value: 32 zero bytes. */
export const CHAIN_START = "0".repeat(64);

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits");

const attachmentSchema = z.object({ filename: z.string(), contentType: z.string(), size: z.number().int().min(0), sha256: hex64 });

const messageSchema = z.object({
  direction: z.enum(["inbound", "outbound"]),
  date: z.string(),
  from: z.string().nullable(),
  subject: z.string(),
  messageId: z.string().nullable(),
  attachments: z.array(attachmentSchema),
});

const fileSchema = z.object({
  name: z.string().min(1),
  size: z.number().int().min(0),
  sha256: hex64,
  chain: hex64,
  message: messageSchema.optional(),
});

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  installation: z.object({ name: z.string(), url: z.string() }),
  ticket: z.object({
    number: z.string(),
    subject: z.string(),
    customer: z.object({ name: z.string().nullable(), address: z.string().nullable() }),
  }),
  exportedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be a date"),
  key: z.object({ algorithm: z.literal("Ed25519"), fingerprint: hex64, publicKey: z.string().min(1) }),
  chain: z.string(),
  files: z.array(fileSchema).min(1),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof fileSchema>;
export type ManifestMessage = z.infer<typeof messageSchema>;

export const CHAIN_RULE = "chain = sha256(previous chain || this file's sha256), both as raw 32-byte values; the first file's previous chain is 32 zero bytes";

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export function nextChain(previous: string, fileSha256: string): string {
  return createHash("sha256").update(Buffer.from(previous, "hex")).update(Buffer.from(fileSha256, "hex")).digest("hex");
}

/** The message file's name in the archive: messages/001-inbound.eml. */
export const messageFileName = (position: number, direction: string) => `messages/${String(position).padStart(3, "0")}-${direction}.eml`;

/** Exact bytes of manifest.json (the signed bytes). */
export const encodeManifest = (m: Manifest) => Buffer.from(`${JSON.stringify(m, null, 2)}\n`, "utf8");

/** Exact bytes of manifest.sig: the signature in standard base64, one line. */
export const encodeSignature = (signature: Uint8Array) => Buffer.from(`${Buffer.from(signature).toString("base64")}\n`, "ascii");

/**
 * Every entry carries noon of the export's UTC date. ZIP dates are local wall-clock fields, so the Date is
 * built from local fields: the bytes are then the same on every machine, whatever its time zone.
 */
function entryDate(exportedAt: string): Date {
  const d = new Date(exportedAt);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12, 0, 0);
}

/** The canonical archive: entries in the given order, stored (no compression), fixed dates. */
export function writeArchive(entries: [name: string, bytes: Uint8Array][], exportedAt: string): Uint8Array {
  const mtime = entryDate(exportedAt);
  // No prototype: a name like "__proto__" in a hostile manifest stays an ordinary key.
  const files = Object.create(null) as Record<string, [Uint8Array, { level: 0; mtime: Date }]>;
  for (const [name, bytes] of entries) files[name] = [bytes, { level: 0, mtime }];
  return zipSync(files, { level: 0, mtime });
}
