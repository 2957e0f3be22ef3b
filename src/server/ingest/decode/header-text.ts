// Header text mailparser gets wrong, read again from the raw bytes with our charset rules: GB18030
// four-byte characters in encoded-words, and raw 8-bit GBK/Big5/EUC-KR text sent without RFC 2047.
import { isUtf8 } from "node:buffer";
import type { Attachment } from "mailparser";
import { decodeBytes, decodeMimeWords } from "./charset.ts";

/** The subject, taken again from `rawValue` when mailparser's reading lost characters. */
export function readableSubject(decoded: string, rawValue: () => string | undefined): string {
  let subject = decoded;
  if (subject.includes("\uFFFD") || /=\?[^?]+\?[bq]\?/i.test(subject)) {
    const header = rawValue();
    if (header) subject = decodeMimeWords(header);
  }
  return subject.replace(/[\r\n]+/g, " ").trim();
}

type HeaderValue = { params?: Record<string, unknown> } | undefined;

const param = (headers: Attachment["headers"], header: string, name: string): string | undefined => {
  const value = (headers?.get(header) as HeaderValue)?.params?.[name];
  return typeof value === "string" ? value : undefined;
};

/**
 * An attachment's file name. mailparser keeps a raw 8-bit name as Latin-1 characters (one per byte),
 * and its parsed header shows U+FFFD there; then the bytes are decoded in the part's charset, else
 * `fallback` (the message's), else as guessed.
 */
export function readableFilename(name: string, headers: Attachment["headers"], fallback: string | undefined): string {
  if (!/[\x80-\xff]/.test(name) || /[\u0100-\uffff]/.test(name)) return name;
  const raw8bit = [param(headers, "content-disposition", "filename"), param(headers, "content-type", "name")].some((p) => p?.includes("\uFFFD"));
  if (!raw8bit) return name;
  const bytes = Buffer.from(name, "latin1");
  if (isUtf8(bytes)) return name;
  return decodeBytes(bytes, param(headers, "content-type", "charset") ?? fallback);
}
