// Evidence export for one ticket: the customer-visible exchange as rebuilt .eml files, a PDF transcript,
// and a manifest whose per-file hashes chain in timeline order, signed with the installation's Ed25519 key.
// Internal notes and events never leave; the .eml files are rebuilt from the redacted, stored fields.
import { nowIso, type Ctx } from "../../context.ts";
import type { AttachmentsTable, MessagesTable } from "../../db/schema.ts";
import { AppError } from "../../errors.ts";
import { withheldReason } from "../attachments/rescan.ts";
import { composeRecordMail } from "../../outbound/compose-record.ts";
import { formatTicketNumber } from "../tickets/ticket.ts";
import { findCjkFont, type CjkFont } from "./cjk-font.ts";
import { findExportTicket, listExportAttachments, listExportMessages } from "./evidence.repo.ts";
import {
  CHAIN_RULE, CHAIN_START, FORMAT, MANIFEST_NAME, SIGNATURE_NAME, TRANSCRIPT_NAME, encodeManifest, encodeSignature,
  messageFileName, nextChain, sha256Hex, writeArchive, type Manifest, type ManifestFile,
} from "./evidence-format.ts";
import { renderTranscriptPdf, type TranscriptData } from "./transcript-pdf.ts";

export type ExportOptions = {
  /** The CJK font for the transcript; by default the first one installed (null forces the fallback). */
  font?: CjkFont | null;
};

export type EvidenceArchive = { bytes: Buffer; filename: string; manifest: Manifest };

type Loaded = NonNullable<Awaited<ReturnType<typeof loadExport>>>;

const parseList = (json: string) => JSON.parse(json) as string[];

async function loadExport(ctx: Ctx, ticketId: string) {
  const found = await findExportTicket(ctx, ticketId);
  if (!found) throw new AppError("not_found", "ticket not found");
  const messages = await listExportMessages(ctx, ticketId);
  const attachments = await listExportAttachments(ctx, messages.map((m) => m.id));
  const byMessage = new Map<string, AttachmentsTable[]>();
  for (const a of attachments) byMessage.set(a.message_id, [...(byMessage.get(a.message_id) ?? []), a]);
  return { ...found, messages: messages.map((m) => ({ row: m, attachments: byMessage.get(m.id) ?? [] })) };
}

function transcriptData(ctx: Ctx, data: Loaded, exportedAt: string): TranscriptData {
  const { config, exportKey } = ctx.services;
  return {
    companyName: config.companyName,
    verifyUrl: `${config.publicUrl.replace(/\/$/, "")}/verify-export`,
    ticketNumber: formatTicketNumber(config.ticketPrefix, data.ticket.number),
    subject: data.ticket.subject,
    customer: { name: data.customerName, address: data.customerAddress },
    language: data.ticket.language,
    exportedAt,
    fingerprint: exportKey.fingerprint,
    messages: data.messages.map(({ row, attachments }) => ({
      date: row.created_at,
      direction: row.direction as "inbound" | "outbound",
      from: row.from_address ? { name: row.from_name, address: row.from_address } : null,
      to: parseList(row.to_json),
      subject: row.subject,
      text: row.text_body,
      attachments: attachments.map((a) => ({ filename: a.filename, size: a.size })),
    })),
  };
}

/** The message as an e-mail again: the stored (redacted) text with its signature and quoted history. */
async function rebuildEml(ctx: Ctx, row: MessagesTable, attachments: AttachmentsTable[], ticketNumber: string): Promise<Buffer> {
  const text = [row.text_body, row.signature_text ? `-- \n${row.signature_text}` : "", row.quoted_text].filter((s) => s.trim()).join("\n\n");
  const headers: Record<string, string> = {
    "X-PayDesk-Ticket": ticketNumber,
    "X-PayDesk-Record": "rebuilt from the stored message; card numbers, codes and passwords were redacted on arrival",
  };
  if (row.direction === "inbound") headers["X-PayDesk-Sender-Check"] = row.auth_verdict;
  // A file the virus scanner now flags, or can no longer check, is named, not handed out (modules/attachments/rescan.ts).
  const handedOut: { file: AttachmentsTable; content: Buffer }[] = [];
  const withheld: string[] = [];
  for (const file of attachments) {
    const content = await ctx.services.blobs.get(file.blob_key);
    const why = await withheldReason(ctx, { ...file, ticket_id: row.ticket_id }, content);
    if (why) withheld.push(`${file.filename} (${why})`);
    else handedOut.push({ file, content });
  }
  if (withheld.length > 0) headers["X-PayDesk-Withheld"] = `kept at the desk: ${withheld.join(", ")}`;
  return composeRecordMail({
    key: row.id,
    from: row.from_address ? { name: row.from_name, address: row.from_address } : null,
    to: parseList(row.to_json),
    cc: parseList(row.cc_json),
    date: new Date(row.created_at),
    subject: row.subject,
    messageId: row.message_id_header,
    inReplyTo: row.in_reply_to,
    references: parseList(row.references_json),
    text,
    html: row.html_body,
    headers,
    attachments: handedOut.map(({ file, content }) => ({
      filename: file.filename, contentType: file.content_type, content, contentId: file.content_id, inline: file.inline === 1,
    })),
  });
}

/** The PDF transcript alone (the customer portal offers it as its own download). */
export async function buildTranscriptPdf(ctx: Ctx, ticketId: string, options: ExportOptions = {}): Promise<Buffer> {
  const data = await loadExport(ctx, ticketId);
  return renderTranscriptPdf(transcriptData(ctx, data, nowIso(ctx)), options.font === undefined ? findCjkFont() : options.font);
}

export async function buildEvidenceArchive(ctx: Ctx, ticketId: string, options: ExportOptions = {}): Promise<EvidenceArchive> {
  const { config, exportKey } = ctx.services;
  const exportedAt = nowIso(ctx);
  const data = await loadExport(ctx, ticketId);
  const ticketNumber = formatTicketNumber(config.ticketPrefix, data.ticket.number);

  const entries: [string, Buffer][] = [];
  const files: ManifestFile[] = [];
  let chain = CHAIN_START;
  const add = (name: string, bytes: Buffer, message?: ManifestFile["message"]) => {
    const sha256 = sha256Hex(bytes);
    chain = nextChain(chain, sha256);
    entries.push([name, bytes]);
    files.push({ name, size: bytes.length, sha256, chain, ...(message ? { message } : {}) });
  };

  for (const [i, { row, attachments }] of data.messages.entries()) {
    const eml = await rebuildEml(ctx, row, attachments, ticketNumber);
    add(messageFileName(i + 1, row.direction), eml, {
      direction: row.direction as "inbound" | "outbound",
      date: row.created_at,
      from: row.from_address ? (row.from_name ? `${row.from_name} <${row.from_address}>` : row.from_address) : null,
      subject: row.subject,
      messageId: row.message_id_header,
      attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.content_type, size: a.size, sha256: a.sha256 })),
    });
  }
  const font = options.font === undefined ? findCjkFont() : options.font;
  add(TRANSCRIPT_NAME, await renderTranscriptPdf(transcriptData(ctx, data, exportedAt), font));

  const manifest: Manifest = {
    format: FORMAT,
    installation: { name: config.companyName, url: config.publicUrl },
    ticket: { number: ticketNumber, subject: data.ticket.subject, customer: { name: data.customerName, address: data.customerAddress } },
    exportedAt,
    key: { algorithm: "Ed25519", fingerprint: exportKey.fingerprint, publicKey: publicKeyBase64(exportKey.publicKeyPem) },
    chain: CHAIN_RULE,
    files,
  };
  const manifestBytes = encodeManifest(manifest);
  entries.push([MANIFEST_NAME, manifestBytes], [SIGNATURE_NAME, encodeSignature(exportKey.sign(manifestBytes))]);
  return { bytes: Buffer.from(writeArchive(entries, exportedAt)), filename: `${ticketNumber}-evidence.zip`, manifest };
}

/** The DER SubjectPublicKeyInfo inside a PEM, in base64 (what the manifest carries). */
const publicKeyBase64 = (pem: string) => pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
