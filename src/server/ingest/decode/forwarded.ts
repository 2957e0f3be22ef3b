// A message forwarded as an attachment (message/rfc822): its text joins the message as a marked section,
// where agents, search and redaction see it, and its files join the message's files. Attachment bytes
// are handed out as they came, so the forwarded message is offered only as a text copy with secrets
// masked; the real one stays inside the sealed original.
import type { DecodedAttachment, DecodedContent, ParsedAddress } from "../inbound-message.ts";
import { redactText } from "../redact/redact-text.ts";

/** Forwards inside forwards are read this deep; deeper ones stay only in the sealed original. */
export const MAX_FORWARD_DEPTH = 3;

export const FORWARD_MARK = "---------- Forwarded message ----------";

const FORWARDED_TYPES = new Set(["message/rfc822", "message/global"]);

export type Unpacked = { attachments: DecodedAttachment[]; sections: string[]; warnings: string[] };

/**
 * Replaces each forwarded message in `attachments` by a redacted copy and the files inside it; its text
 * comes back in `sections`. `parse` decodes one forwarded message (one level deeper than `depth`).
 */
export async function unpackForwarded(attachments: DecodedAttachment[], depth: number, parse: (raw: Buffer) => Promise<DecodedContent>): Promise<Unpacked> {
  const out: Unpacked = { attachments: [], sections: [], warnings: [] };
  for (const a of attachments) {
    if (!FORWARDED_TYPES.has(a.contentType) || !a.content?.length) {
      out.attachments.push(a);
      continue;
    }
    if (depth >= MAX_FORWARD_DEPTH) {
      out.attachments.push({ ...a, content: null });
      out.warnings.push(`a forwarded message nested more than ${MAX_FORWARD_DEPTH} deep was not read: kept only in the original message`);
      continue;
    }
    const inner = await parse(a.content);
    const body = bodyOf(inner);
    const copy = redactedCopy(inner, body);
    // The forwarded HTML is not shown, so its inline images are plain files here.
    const files = inner.attachments.map((f) => ({ ...f, contentId: null, inline: false }));
    out.attachments.push({ ...a, content: copy, size: copy.length }, ...files);
    out.sections.push([FORWARD_MARK, ...headerLines(inner).map(([k, v]) => `${k}: ${v}`), "", body].join("\n"));
    out.warnings.push(...inner.warnings.map((w) => `forwarded message: ${w}`));
  }
  return out;
}

function bodyOf(inner: DecodedContent): string {
  const files = inner.attachments.map((f) => f.filename);
  return [
    inner.text,
    inner.signature ? `-- \n${inner.signature}` : "",
    inner.quoted,
    files.length ? `[attachments: ${files.join(", ")}]` : "",
  ].filter((s) => s.trim()).join("\n\n");
}

const address = (a: ParsedAddress) => (a.name ? `${a.name} <${a.address}>` : a.address);

function headerLines(inner: DecodedContent): Array<[string, string]> {
  const lines: Array<[string, string]> = [
    ["From", inner.from ? address(inner.from) : ""],
    ["Date", inner.date ? inner.date.toUTCString() : ""],
    ["Subject", inner.subject],
    ["To", inner.to.map(address).join(", ")],
    ["Cc", inner.cc.map(address).join(", ")],
  ];
  return lines.filter(([, v]) => v.trim()).map(([k, v]) => [k, v.replace(/[\r\n]+/g, " ")]);
}

/** The forwarded message as a plain-text .eml, every value run through the same redaction as the message. */
function redactedCopy(inner: DecodedContent, body: string): Buffer {
  const head = headerLines(inner).map(([k, v]) => `${k}: ${redactText(v).text}`);
  head.push(
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "Comments: text copy with secrets masked; the forwarded original is kept with the sealed message",
  );
  const text = redactText(body).text.replace(/\r?\n/g, "\r\n");
  return Buffer.from(`${head.join("\r\n")}\r\n\r\n${text}\r\n`, "utf8");
}
