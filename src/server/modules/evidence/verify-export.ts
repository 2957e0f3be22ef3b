// Checks an evidence archive: the manifest's Ed25519 signature, every file's size and SHA-256, the hash
// chain, that no file was added or removed, and that the ZIP bytes around the files are exactly as
// written. Problems are sentences a customer can read; anything wrong makes the archive invalid.
import { createPublicKey, type KeyObject } from "node:crypto";
import { unzipSync } from "fflate";
import { fingerprintOf, readPublicKey, verifyWithPublicKey } from "../../security/export-key.ts";
import {
  CHAIN_START, MANIFEST_NAME, SIGNATURE_NAME, TRANSCRIPT_NAME, manifestSchema, messageFileName, nextChain, sha256Hex,
  writeArchive, type Manifest,
} from "./evidence-format.ts";

export type VerifiedMessage = { name: string; direction: string; date: string; from: string | null; subject: string; attachments: string[] };

export type VerifyResult = {
  ok: boolean;
  problems: string[];
  /** Not failures, but what the reader should know (e.g. which key was trusted). */
  warnings: string[];
  ticket: Manifest["ticket"] | null;
  messages: VerifiedMessage[];
  exportedAt: string | null;
  /** Fingerprint of the key the signature was checked with. */
  fingerprint: string | null;
  keySource: "given" | "archive";
};

export type VerifyOptions = {
  /** The installation's public key (PEM). Without it the key inside the archive is used, with a warning. */
  publicKeyPem?: string;
};

const shortFp = (fp: string) => fp.match(/.{1,4}/g)!.join(" ");

function readEntries(zip: Uint8Array, problems: string[]): Record<string, Uint8Array> | null {
  try {
    return unzipSync(zip, {
      // PayDesk stores files uncompressed; refusing compressed entries also keeps a zip bomb from inflating.
      filter: (file) => {
        if (file.compression === 0 && file.size === file.originalSize) return true;
        problems.push(`"${file.name}" is compressed or has inconsistent sizes; PayDesk archives store every file uncompressed.`);
        return false;
      },
    });
  } catch (err) {
    problems.push(`This file is not a readable ZIP archive (${(err as Error).message}).`);
    return null;
  }
}

function decodeSignature(bytes: Uint8Array): Buffer | null {
  const text = Buffer.from(bytes).toString("latin1");
  const m = /^([A-Za-z0-9+/]+={0,2})\n$/.exec(text);
  if (!m) return null;
  const sig = Buffer.from(m[1]!, "base64");
  // Only the exact encoding we write counts: base64 has spare bits a change could hide in.
  return sig.length === 64 && sig.toString("base64") === m[1] ? sig : null;
}

function keyFromManifest(raw: unknown): KeyObject | null {
  const b64 = (raw as { key?: { publicKey?: unknown } } | null)?.key?.publicKey;
  if (typeof b64 !== "string") return null;
  try {
    const key = createPublicKey({ key: Buffer.from(b64, "base64"), format: "der", type: "spki" });
    return key.asymmetricKeyType === "ed25519" ? key : null;
  } catch {
    return null;
  }
}

export function verifyExport(zip: Uint8Array, options: VerifyOptions = {}): VerifyResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const result = (manifest: Manifest | null, fingerprint: string | null): VerifyResult => ({
    ok: problems.length === 0, problems, warnings,
    ticket: manifest?.ticket ?? null,
    messages: (manifest?.files ?? []).filter((f) => f.message).map((f) => ({
      name: f.name, direction: f.message!.direction, date: f.message!.date, from: f.message!.from, subject: f.message!.subject,
      attachments: f.message!.attachments.map((a) => a.filename),
    })),
    exportedAt: manifest?.exportedAt ?? null,
    fingerprint,
    keySource: options.publicKeyPem ? "given" : "archive",
  });

  const entries = readEntries(zip, problems);
  if (!entries) return result(null, null);
  const manifestBytes = entries[MANIFEST_NAME];
  const sigBytes = entries[SIGNATURE_NAME];
  if (!manifestBytes) problems.push(`The archive has no ${MANIFEST_NAME}, so nothing in it can be checked.`);
  if (!sigBytes) problems.push(`The archive has no ${SIGNATURE_NAME} (the signature).`);
  if (!manifestBytes) return result(null, null);

  let raw: unknown = null;
  try {
    raw = JSON.parse(Buffer.from(manifestBytes).toString("utf8"));
  } catch {
    problems.push(`${MANIFEST_NAME} is not valid JSON: it was damaged or changed.`);
  }
  const parsed = raw === null ? null : manifestSchema.safeParse(raw);
  if (parsed && !parsed.success) {
    problems.push(`${MANIFEST_NAME} is not a PayDesk evidence manifest (${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}).`);
  }
  const manifest = parsed?.success ? parsed.data : null;

  // The key: the one we were given (the installation's), else the one the archive carries.
  let key: KeyObject | null = null;
  if (options.publicKeyPem) {
    try {
      key = readPublicKey(options.publicKeyPem);
    } catch (err) {
      problems.push(`The public key given for checking cannot be read (${(err as Error).message}).`);
    }
  } else {
    key = keyFromManifest(raw);
    if (!key) problems.push(`${MANIFEST_NAME} does not carry a readable Ed25519 public key.`);
  }
  const fingerprint = key ? fingerprintOf(key) : null;
  if (key && manifest && manifest.key.fingerprint !== fingerprint) {
    problems.push(options.publicKeyPem
      ? `The archive says it was signed with the key ${shortFp(manifest.key.fingerprint)}, which is not the key it was checked against (${shortFp(fingerprint!)}).`
      : `The key inside the archive does not match the fingerprint the manifest states.`);
  }
  if (key && !options.publicKeyPem) {
    warnings.push(`Checked with the key inside the archive, fingerprint ${shortFp(fingerprint!)}. Compare it with the fingerprint published on the help centre: a forger can sign with a key of their own.`);
  }

  if (key && sigBytes) {
    const signature = decodeSignature(sigBytes);
    if (!signature) problems.push(`${SIGNATURE_NAME} is damaged: it is not a signature in the expected form.`);
    else if (!verifyWithPublicKey(key, manifestBytes, signature)) {
      problems.push(`The signature does not match ${MANIFEST_NAME}: the manifest was changed, or it was signed by another key.`);
    }
  }
  if (!manifest) return result(null, fingerprint);

  checkFiles(manifest, entries, problems);
  // Every file checked out: now the bytes around them (headers, directory, order) must be as written too.
  if (problems.length === 0) {
    const order: [string, Uint8Array][] = [...manifest.files.map((f) => [f.name, entries[f.name]!] as [string, Uint8Array]),
      [MANIFEST_NAME, manifestBytes], [SIGNATURE_NAME, sigBytes!]];
    const canonical = writeArchive(order, manifest.exportedAt);
    if (!Buffer.from(canonical).equals(Buffer.from(zip))) {
      problems.push("The ZIP structure around the files was changed (the archive's bytes differ from how it was written), although each listed file is intact.");
    }
  }
  return result(manifest, fingerprint);
}

function checkFiles(manifest: Manifest, entries: Record<string, Uint8Array>, problems: string[]) {
  const listed = new Set<string>();
  let chain = CHAIN_START;
  let position = 0;
  for (const [i, file] of manifest.files.entries()) {
    if (listed.has(file.name)) problems.push(`The manifest lists "${file.name}" twice.`);
    listed.add(file.name);
    const isLast = i === manifest.files.length - 1;
    if (file.message) {
      position += 1;
      if (file.name !== messageFileName(position, file.message.direction)) problems.push(`"${file.name}" is out of place: message ${position} should be ${messageFileName(position, file.message.direction)}.`);
    } else if (!(isLast && file.name === TRANSCRIPT_NAME)) {
      problems.push(`"${file.name}" is listed in the manifest but is neither a message nor the transcript.`);
    }
    const bytes = entries[file.name];
    chain = nextChain(chain, file.sha256);
    if (file.chain !== chain) problems.push(`The hash chain breaks at "${file.name}": a message was removed, reordered or changed.`);
    if (!bytes) {
      problems.push(`"${file.name}" is missing from the archive.`);
      continue;
    }
    if (bytes.length !== file.size) problems.push(`"${file.name}" has ${bytes.length} bytes; the manifest says ${file.size}: it was changed.`);
    else if (sha256Hex(bytes) !== file.sha256) problems.push(`"${file.name}" was changed: its SHA-256 does not match the manifest.`);
  }
  if (manifest.files[manifest.files.length - 1]?.name !== TRANSCRIPT_NAME) problems.push(`The manifest does not list ${TRANSCRIPT_NAME}.`);
  for (const name of Object.keys(entries)) {
    if (!listed.has(name) && name !== MANIFEST_NAME && name !== SIGNATURE_NAME) problems.push(`"${name}" is in the archive but not in the manifest: it was added.`);
  }
}
