// Builds realistic raw messages for tests with nodemailer's composer (what real clients produce).
import MailComposer from "nodemailer/lib/mail-composer/index.js";

export type TestMail = {
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  text?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer | string; contentType?: string; cid?: string }[];
};

let counter = 0;

export async function makeMail(m: TestMail = {}): Promise<Buffer> {
  counter += 1;
  return new MailComposer({
    from: m.from ?? "Li Wei <li.wei@example.net>",
    to: m.to ?? "support@example.com",
    cc: m.cc,
    subject: m.subject ?? "Withdrawal has not arrived",
    text: m.text ?? "Hello, my withdrawal of 500 USD from yesterday has not arrived. Transaction 20260105-88123.",
    html: m.html,
    messageId: m.messageId ?? `<test-${Date.now()}-${counter}@mail.example.net>`,
    inReplyTo: m.inReplyTo,
    references: m.references,
    headers: m.headers,
    attachments: m.attachments,
    date: new Date("2026-01-05T08:00:00Z"),
  }).compile().build();
}
