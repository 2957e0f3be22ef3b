// Builds the exact bytes we send. Composed once at queue time, so every retry sends the same message.
import MailComposer from "nodemailer/lib/mail-composer/index.js";

export type OutgoingMail = {
  from: { name: string; address: string };
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  inReplyTo?: string | null;
  references?: string[];
  /** RFC 3834: set on acknowledgements and other automatic mail. */
  autoSubmitted?: "auto-replied" | "auto-generated";
  date: Date;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
};

export async function composeMail(mail: OutgoingMail): Promise<Buffer> {
  const headers: Record<string, string> = {};
  if (mail.autoSubmitted) {
    headers["Auto-Submitted"] = mail.autoSubmitted;
    // Asks Exchange/Outlook not to answer our automatic mail with their own.
    headers["X-Auto-Response-Suppress"] = "All";
  }
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    replyTo: mail.replyTo,
    subject: mail.subject,
    text: mail.text.replace(/\r?\n/g, "\r\n"),
    html: mail.html,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo ?? undefined,
    references: mail.references?.length ? mail.references.join(" ") : undefined,
    date: mail.date,
    headers,
    attachments: mail.attachments,
    textEncoding: "quoted-printable",
  });
  return composer.compile().build();
}
