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

/** RFC 5322 caps a line at 998 characters, and nodemailer folds only at spaces: long echoed text is cut. */
const MAX_SUBJECT_CHARS = 200;
/** A Message-ID we echo from someone's mail: printable ASCII and of sane length, or it is left out. */
const ECHOABLE_MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>$/;

const fitSubject = (subject: string) => {
  const chars = [...subject];
  return chars.length <= MAX_SUBJECT_CHARS ? subject : `${chars.slice(0, MAX_SUBJECT_CHARS - 1).join("")}…`;
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
    subject: fitSubject(mail.subject),
    text: mail.text.replace(/\r?\n/g, "\r\n"),
    html: mail.html,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo && ECHOABLE_MESSAGE_ID.test(mail.inReplyTo) ? mail.inReplyTo : undefined,
    references: echoable(mail.references).join(" ") || undefined,
    date: mail.date,
    headers,
    attachments: mail.attachments,
    textEncoding: "quoted-printable",
  });
  return composer.compile().build();
}

// A customer's client may send a long References chain; the newest ids are the ones that thread.
const echoable = (ids: string[] | undefined) => (ids ?? []).filter((id) => ECHOABLE_MESSAGE_ID.test(id)).slice(-20);
