// Whether bytes handed over as mail are a mail message at all: a header section comes first. Lenient
// on purpose, since real mail is often malformed: only what no mail program writes is refused.

/** An mbox envelope line (`From sender date`, e.g. Postfix's pipe flag F) may come before the headers. */
const MBOX_FROM_LINE = /^From [^\n]*\n/;
/** A header field's name (printable ASCII but ':'), then ':'; obsolete syntax allows blanks before it. */
const HEADER_FIELD = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;
const UTF8_BOM = "\xef\xbb\xbf";

/** Why `raw` is not a mail message, or null when it is one. */
export function whyNotAMailMessage(raw: Buffer): string | null {
  if (raw.length === 0) return "the input is empty";
  let start = raw.subarray(0, 65536).toString("latin1");
  if (start.startsWith(UTF8_BOM)) start = start.slice(UTF8_BOM.length);
  start = start.replace(MBOX_FROM_LINE, "");
  if (!HEADER_FIELD.test(start)) return "it does not begin with a header section (a line such as \"From: …\" or \"Received: …\")";
  return null;
}
