// Secrets leave before anything derived from the message is stored or indexed.
import type { Filter } from "../filter.ts";
import { readablePartsOf } from "../redact/redact-content.ts";

export const redactFilter: Filter = {
  name: "redact",
  async run(ctx, msg) {
    const c = msg.content;
    if (!c) return { kind: "continue", msg };
    const { parts, redactions } = await ctx.services.work.redact(readablePartsOf(c));
    const content = {
      ...c,
      subject: parts.subject, text: parts.text, quoted: parts.quoted, signature: parts.signature, html: parts.html, warnings: parts.warnings,
      attachments: c.attachments.map((a, i) => ({ ...a, filename: parts.filenames[i]! })),
    };
    return { kind: "continue", msg: { ...msg, content, redactions } };
  },
};
