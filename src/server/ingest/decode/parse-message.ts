// Turns raw bytes into what people read: addresses, subject, new text vs quoted history, safe HTML,
// attachments. Never throws on bad input: what cannot be decoded becomes a warning.
import { simpleParser, type ParsedMail } from "mailparser";
import type { DecodedAttachment, DecodedContent } from "../inbound-message.ts";
import { sanitizeEmailHtml } from "./sanitize.ts";
import { splitQuoted } from "./quote-split.ts";
import { charsetDecoder, messageCharset, newCharsetLog } from "./charset-stream.ts";
import { reparseUnlabelled } from "./reparse-unlabelled.ts";
import { readRawHeaders, type RawHeaders } from "../raw-headers.ts";
import { flatten, withReadableNames } from "./addresses.ts";
import { readableFilename, readableSubject } from "./header-text.ts";
import { unpackForwarded } from "./forwarded.ts";
import { isTnef, MAX_TNEF_FILES, readTnef } from "./tnef.ts";
import { safeAttachmentName } from "./attachment-name.ts";
import { unparsedMessage } from "./unparsed-message.ts";
import { withoutNul } from "./without-nul.ts";

export type ParseLimits = { maxAttachmentBytes: number; maxTextChars: number };

const defaultLimits: ParseLimits = { maxAttachmentBytes: 20 * 1024 * 1024, maxTextChars: 1_000_000 };

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export function detectLanguage(...texts: string[]): "zh-CN" | "en" {
  return texts.some((t) => CJK.test(t)) ? "zh-CN" : "en";
}

const parserOptions = {
  skipTextToHtml: true, skipImageLinks: true, keepCidLinks: true, maxHtmlLengthToParse: 5_000_000,
};

/** `depth` counts forwarded messages this one is inside of. */
export async function parseMessage(raw: Buffer, limits: ParseLimits = defaultLimits, depth = 0): Promise<DecodedContent> {
  return withoutNul(await decodeMessage(raw, limits, depth));
}

async function decodeMessage(raw: Buffer, limits: ParseLimits, depth: number): Promise<DecodedContent> {
  const warnings: string[] = [];
  const charsets = newCharsetLog();
  let parsed: ParsedMail;
  try {
    // The Iconv hook is not in mailparser's type definitions.
    parsed = await (simpleParser as (source: Buffer, options: object) => Promise<ParsedMail>)(raw, {
      ...parserOptions, Iconv: charsetDecoder(charsets),
    });
  } catch (err) {
    // Unparseable structure: keep the header fields and the body as text so nothing is lost.
    warnings.push(`MIME structure could not be parsed: ${(err as Error).message}`);
    const kept = unparsedMessage(raw, limits.maxTextChars, warnings);
    return { ...kept, language: detectLanguage(kept.subject, kept.text) };
  }

  let { text: bodyText, html: bodyHtml } = parsed;
  if (bodyText?.includes("\uFFFD") || (typeof bodyHtml === "string" && bodyHtml.includes("\uFFFD"))) {
    // Only then can a part without a usable charset label have been read as UTF-8 by mistake.
    try {
      const again = await reparseUnlabelled(raw, parserOptions, charsets);
      bodyText = again.text ?? bodyText;
      bodyHtml = again.html ?? bodyHtml;
    } catch {
      // The first reading stands.
    }
  }

  let html: string | null = null;
  if (typeof bodyHtml === "string" && bodyHtml.length > 0) {
    try {
      const sanitized = sanitizeEmailHtml(bodyHtml);
      html = sanitized.html;
      warnings.push(...sanitized.warnings);
    } catch (err) {
      warnings.push(`HTML could not be sanitised and was left out: ${(err as Error).message}`);
    }
  }
  let fullText = bodyText ?? "";
  if (fullText.length > limits.maxTextChars) {
    warnings.push(`text cut at ${limits.maxTextChars} characters (the original is kept)`);
    fullText = fullText.slice(0, limits.maxTextChars);
  }
  const split = splitQuoted(fullText);

  // Raw 8-bit header text is most likely in the charset the message's text is in.
  const charset = messageCharset(charsets);
  let headers: RawHeaders | undefined;
  const rawHeader = (name: string) => () => (headers ??= readRawHeaders(raw, undefined, charset)).get(name);

  const attachments: DecodedAttachment[] = [];
  for (const a of parsed.attachments ?? []) {
    const size = a.size ?? a.content?.length ?? 0;
    const tooLarge = size > limits.maxAttachmentBytes;
    const filename = safeAttachmentName(a.filename ? readableFilename(a.filename, a.headers, charset) : undefined, defaultName(a.contentType));
    if (tooLarge) warnings.push(`attachment ${filename} is ${size} bytes, over the limit: kept only in the original message`);
    attachments.push({
      filename,
      contentType: (a.contentType || "application/octet-stream").toLowerCase(),
      content: tooLarge ? null : a.content,
      size,
      contentId: a.contentId ? a.contentId.replace(/^<|>$/g, "") : null,
      inline: a.contentDisposition === "inline" || !!a.related,
    });
  }
  const forwarded = await unpackForwarded(withTnefUnpacked(attachments, warnings), depth, (inner) => parseMessage(inner, limits, depth + 1));
  warnings.push(...forwarded.warnings);
  const withForwarded = withSections(split, forwarded.sections, limits.maxTextChars);

  const subject = readableSubject(parsed.subject ?? "", rawHeader("subject"));
  return {
    from: withReadableNames(flatten(parsed.from), rawHeader("from"))[0] ?? null,
    to: withReadableNames(flatten(parsed.to), rawHeader("to")),
    cc: withReadableNames(flatten(parsed.cc), rawHeader("cc")),
    replyTo: withReadableNames(flatten(parsed.replyTo), rawHeader("reply-to")),
    subject,
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    text: withForwarded.newText,
    quoted: withForwarded.quoted,
    signature: split.signature,
    html,
    attachments: forwarded.attachments,
    language: detectLanguage(subject, withForwarded.newText),
    warnings,
  };
}

/**
 * Forwarded messages follow the quoted history; when the sender wrote nothing of their own, they are
 * the message.
 */
function withSections(split: { newText: string; quoted: string }, sections: string[], maxChars: number): { newText: string; quoted: string } {
  if (!sections.length) return split;
  const joined = sections.join("\n\n").slice(0, maxChars);
  if (!split.newText.trim()) return { newText: joined, quoted: split.quoted };
  return { newText: split.newText, quoted: split.quoted.trim() ? `${split.quoted}\n\n${joined}` : joined };
}

/**
 * Replaces an Outlook winmail.dat by the files inside it. It stays in the list only when something in
 * it could not be unpacked; it is always inside the sealed original.
 */
function withTnefUnpacked(attachments: DecodedAttachment[], warnings: string[]): DecodedAttachment[] {
  const out: DecodedAttachment[] = [];
  for (const a of attachments) {
    if (!a.content || !isTnef(a.contentType, a.filename)) {
      out.push(a);
      continue;
    }
    try {
      const { files, notUnpacked, damaged, tooMany } = readTnef(a.content);
      for (const f of files) {
        out.push({
          filename: safeAttachmentName(f.filename, defaultName(f.contentType ?? undefined)), contentType: (f.contentType || "application/octet-stream").toLowerCase(),
          content: f.content, size: f.content.length, contentId: null, inline: false,
        });
      }
      const left = [
        notUnpacked ? `${notUnpacked} embedded Outlook items left inside` : "",
        damaged ? "the file is damaged: what could be read was kept" : "",
        tooMany ? `more than ${MAX_TNEF_FILES} files inside: the first ${MAX_TNEF_FILES} taken` : "",
      ].filter(Boolean);
      if (left.length || !files.length) out.push(a);
      warnings.push(`${a.filename}: ${files.length} files unpacked from Outlook's TNEF wrapper${left.length ? ` (${left.join("; ")})` : ""}`);
    } catch (err) {
      out.push(a);
      warnings.push(`${a.filename}: Outlook's TNEF wrapper could not be read (${(err as Error).message}); kept as it came`);
    }
  }
  return out;
}

function defaultName(contentType: string | undefined): string {
  if (contentType === "message/rfc822") return "forwarded-message.eml";
  const ext = contentType?.split("/")[1]?.replace(/[^a-z0-9]/gi, "").slice(0, 8);
  return ext ? `attachment.${ext}` : "attachment.bin";
}
