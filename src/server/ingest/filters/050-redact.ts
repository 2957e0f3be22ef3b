// Secrets leave before anything derived from the message is stored or indexed.
import type { Filter } from "../filter.ts";
import { redactHtml, redactText, type Redaction } from "../redact/index.ts";

export const redactFilter: Filter = {
  name: "redact",
  async run(_ctx, msg) {
    const c = msg.content;
    if (!c) return { kind: "continue", msg };
    const found: Redaction[] = [];
    const text = (s: string) => {
      const r = redactText(s);
      found.push(...r.redactions);
      return r.text;
    };
    const content = {
      ...c,
      subject: text(c.subject),
      text: text(c.text),
      quoted: text(c.quoted),
      signature: text(c.signature),
      html: c.html === null ? null : (() => {
        const r = redactHtml(c.html);
        found.push(...r.redactions);
        return r.text;
      })(),
      attachments: c.attachments.map((a) => ({ ...a, filename: text(a.filename) })),
    };
    return { kind: "continue", msg: { ...msg, content, redactions: found } };
  },
};
