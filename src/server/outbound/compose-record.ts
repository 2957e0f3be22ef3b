// Rebuilds an e-mail from what we stored (redacted text, sanitised HTML, attachment bytes) for evidence
// exports. The raw original is never used: it still holds the secrets redaction removed.
import { createHash } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";

export type RecordMail = {
  /** Stable per message: seeds the MIME boundaries so the same message always gives the same bytes. */
  key: string;
  from: { name: string | null; address: string } | null;
  to: string[];
  cc: string[];
  date: Date;
  subject: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  text: string;
  html: string | null;
  /** Extra headers, e.g. how the sender was authenticated. */
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; content: Buffer; contentId: string | null; inline: boolean }[];
};

export async function composeRecordMail(mail: RecordMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: mail.from ? { name: mail.from.name ?? "", address: mail.from.address } : undefined,
    to: mail.to.length ? mail.to : undefined,
    cc: mail.cc.length ? mail.cc : undefined,
    subject: mail.subject,
    date: mail.date,
    // A message without a stored Message-ID (web form, chat) gets one under .invalid, so it cannot pass for mail we sent.
    messageId: mail.messageId ?? `<${mail.key}@record.invalid>`,
    inReplyTo: mail.inReplyTo ?? undefined,
    references: mail.references.length ? mail.references.join(" ") : undefined,
    text: mail.text.replace(/\r?\n/g, "\r\n"),
    html: mail.html ?? undefined,
    headers: mail.headers,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename, contentType: a.contentType, content: a.content,
      ...(a.contentId ? { cid: a.contentId.replace(/^<|>$/g, "") } : {}),
      contentDisposition: a.inline ? "inline" : "attachment",
    })),
    textEncoding: "quoted-printable",
    baseBoundary: createHash("sha256").update(mail.key).digest("hex").slice(0, 24),
  });
  return composer.compile().build();
}
