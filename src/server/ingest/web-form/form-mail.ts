// A contact-form request as an e-mail, so it takes exactly the path mail takes: the customer as From, the
// support mailbox as To, the description as the text with a readable summary below the signature line,
// the choices as X-PayDesk-Form-* headers and the files as attachments.
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { messagesFor, type PortalLanguage } from "../../../common/i18n/define-messages.ts";
import { callbackWindows, formCategories, urgencies, type FeedbackChoice, type WebFormFacts, type WebFormFields } from "./form-fields.ts";
import { formChoiceLabels } from "./form-labels.ts";
import type { RawHeaders } from "../raw-headers.ts";
import { redactText } from "../redact/index.ts";

export const formHeader = {
  version: "X-PayDesk-Form",
  category: "X-PayDesk-Form-Category",
  urgency: "X-PayDesk-Form-Urgency",
  transactionId: "X-PayDesk-Form-Transaction-Id",
  feedback: "X-PayDesk-Form-Feedback",
  phone: "X-PayDesk-Form-Phone",
  window: "X-PayDesk-Form-Callback-Window",
  language: "X-PayDesk-Form-Language",
} as const;

export type FormFile = { filename: string; contentType: string; content: Buffer };

export type FormMailInput = {
  fields: WebFormFields;
  files: FormFile[];
  to: { address: string; name: string };
  messageId: string;
  date: Date;
  language: PortalLanguage;
};

const summaryWords = {
  en: { intro: "Sent with the contact form", category: "Category", urgency: "Urgency", transaction: "Transaction ID", reply: "Preferred reply", on: "on", sep: ", " },
  "zh-CN": { intro: "通过联系表单提交", category: "问题类型", urgency: "紧急程度", transaction: "交易编号", reply: "希望的回复方式", on: "号码", sep: "，" },
} as const;

/** Who reads the summary: agents and any mail program, in the customer's language. */
export function formSummary(fields: WebFormFields, lang: PortalLanguage): string {
  const t = messagesFor(formChoiceLabels, lang);
  const w = summaryWords[lang];
  const reply = fields.feedback.method === "phone"
    ? `${t("feedback_phone")}${w.sep}${w.on} ${fields.feedback.phone}${w.sep}${t(`window_${fields.feedback.window}`)}`
    : t("feedback_email");
  return [
    w.intro,
    `${w.category}: ${t(`category_${fields.category}`)}`,
    `${w.urgency}: ${t(`urgency_${fields.urgency}`)}`,
    ...(fields.transactionId ? [`${w.transaction}: ${fields.transactionId}`] : []),
    `${w.reply}: ${reply}`,
  ].join("\n");
}

export async function composeFormMail(input: FormMailInput): Promise<Buffer> {
  const { fields } = input;
  const headers: Record<string, string> = {
    [formHeader.version]: "1",
    [formHeader.category]: fields.category,
    [formHeader.urgency]: fields.urgency,
    [formHeader.feedback]: fields.feedback.method,
    [formHeader.language]: input.language,
  };
  if (fields.transactionId) headers[formHeader.transactionId] = fields.transactionId;
  if (fields.feedback.method === "phone") {
    headers[formHeader.phone] = fields.feedback.phone;
    headers[formHeader.window] = fields.feedback.window;
  }
  // The summary sits below a signature delimiter: agents see it, triage and language detection read only
  // what the customer wrote.
  const text = `${fields.description}\n\n-- \n${formSummary(fields, input.language)}\n`;
  const composer = new MailComposer({
    from: { name: fields.name, address: fields.email },
    to: input.to,
    subject: fields.subject,
    text: text.replace(/\r?\n/g, "\r\n"),
    messageId: input.messageId,
    date: input.date,
    headers,
    attachments: input.files.map((f) => ({ filename: f.filename, contentType: f.contentType, content: f.content })),
    textEncoding: "quoted-printable",
  });
  return composer.compile().build();
}

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | null =>
  v !== undefined && (list as readonly string[]).includes(v) ? (v as T) : null;

/**
 * The form's choices as the pipeline trusts them: only for the web_form channel (anyone can write these
 * headers into an e-mail), only known values, and the transaction id redacted like any stored text.
 */
export function readFormFacts(headers: RawHeaders, addressConfirmed: boolean): WebFormFacts | null {
  if (headers.get(formHeader.version) !== "1") return null;
  const category = oneOf(formCategories, headers.get(formHeader.category));
  if (!category) return null;
  const urgency = oneOf(urgencies, headers.get(formHeader.urgency)) ?? "normal";
  const rawTransaction = headers.get(formHeader.transactionId)?.slice(0, 64) ?? null;
  const phone = headers.get(formHeader.phone)?.slice(0, 32);
  const window = oneOf(callbackWindows, headers.get(formHeader.window)) ?? "any";
  const feedback: FeedbackChoice = headers.get(formHeader.feedback) === "phone" && phone ? { method: "phone", phone, window } : { method: "email" };
  return {
    category,
    urgency,
    transactionId: rawTransaction ? redactText(rawTransaction).text : null,
    feedback,
    language: headers.get(formHeader.language) === "zh-CN" ? "zh-CN" : "en",
    addressConfirmed,
  };
}
