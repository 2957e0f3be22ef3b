// Redacts every part of a decoded message a person or the search index will see.
import type { Redaction } from "../../../common/secrets/types.ts";
import type { DecodedContent } from "../inbound-message.ts";
import { redactHtml } from "./redact-html.ts";
import { redactText } from "./redact-text.ts";

/** The readable parts of a message: small to pass to a worker thread (attachment bytes stay behind). */
export type ReadableParts = {
  subject: string; text: string; quoted: string; signature: string; html: string | null; filenames: string[];
  /** Decoding's notes to agents, which may name a file (and so whatever secret its name holds). */
  warnings: string[];
};

export function readablePartsOf(c: DecodedContent): ReadableParts {
  return { subject: c.subject, text: c.text, quoted: c.quoted, signature: c.signature, html: c.html, filenames: c.attachments.map((a) => a.filename), warnings: c.warnings };
}

export function redactReadableParts(parts: ReadableParts): { parts: ReadableParts; redactions: Redaction[] } {
  const found: Redaction[] = [];
  const text = (s: string) => {
    const r = redactText(s);
    found.push(...r.redactions);
    return r.text;
  };
  const redacted: ReadableParts = {
    subject: text(parts.subject),
    text: text(parts.text),
    quoted: text(parts.quoted),
    signature: text(parts.signature),
    html: parts.html === null ? null : (() => {
      const r = redactHtml(parts.html);
      found.push(...r.redactions);
      return r.text;
    })(),
    filenames: parts.filenames.map(text),
    warnings: parts.warnings.map(text),
  };
  return { parts: redacted, redactions: found };
}
