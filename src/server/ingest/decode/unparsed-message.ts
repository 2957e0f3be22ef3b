// What is kept of a message the MIME parser refuses (a header section over its size limit, more parts
// than it reads). Its top-level header section is still plain text, read here from the raw bytes: the
// ticket keeps the real sender, subject and recipients — mail taken from IMAP has no envelope sender to
// answer instead — and the body after that section is kept as text. The original stays sealed.
import { parseAddressHeader } from "mailparser";
import type { DecodedContent, ParsedAddress } from "../inbound-message.ts";
import { headerEnd, readRawHeaders } from "../raw-headers.ts";
import { flatten } from "./addresses.ts";
import { decodeBytes, decodeMimeWords } from "./charset.ts";

/** Beyond raw-headers.ts's usual 256 KB: the oversized field that made the parser give up may come first. */
const MAX_HEADER_BYTES = 8 * 1024 * 1024;
const MAX_FIELD_CHARS = 10_000;

export function unparsedMessage(raw: Buffer, maxTextChars: number, warnings: string[]): Omit<DecodedContent, "language"> {
  const headers = readRawHeaders(raw, MAX_HEADER_BYTES);
  const field = (name: string) => headers.get(name)?.slice(0, MAX_FIELD_CHARS);
  const addresses = (name: string): ParsedAddress[] => {
    const value = field(name);
    try {
      return value ? flatten(parseAddressHeader(value)) : [];
    } catch {
      return [];
    }
  };
  const date = new Date(field("date") ?? "");
  const subject = decodeMimeWords(field("subject") ?? "").replace(/[\r\n]+/g, " ").trim();
  return {
    from: addresses("from")[0] ?? null, to: addresses("to"), cc: addresses("cc"), replyTo: addresses("reply-to"),
    subject: subject || "(unreadable message)",
    date: Number.isNaN(date.getTime()) ? null : date,
    text: decodeBytes(raw.subarray(headerEnd(raw)), undefined).slice(0, maxTextChars),
    quoted: "", signature: "", html: null, attachments: [],
    warnings: [...warnings, "the sender, subject and recipients were read from the header section; the body is kept as text"],
  };
}
