// The contact form's vocabulary and rules: which fields, which values, which limits. Pure: the page, the
// submission command and the pipeline all read the same definitions.
import { z } from "zod";
import type { TicketCategory, TicketPriority } from "../../modules/tickets/ticket.ts";

export const formCategories = ["payment_failed", "withdrawal", "refund", "account_frozen", "security_fraud", "complaint", "other"] as const;
export const urgencies = ["normal", "urgent"] as const;
export const feedbackMethods = ["email", "phone"] as const;
export const callbackWindows = ["any", "morning", "afternoon", "evening"] as const;

export type FormCategory = (typeof formCategories)[number];
export type Urgency = (typeof urgencies)[number];
export type FeedbackMethod = (typeof feedbackMethods)[number];
export type CallbackWindow = (typeof callbackWindows)[number];

/** The ticket category each choice means; "other" leaves it to the words of the request. */
export const ticketCategoryOf: Record<FormCategory, TicketCategory | null> = {
  payment_failed: "payment_failed", withdrawal: "withdrawal", refund: "refund", account_frozen: "account_frozen",
  security_fraud: "security_fraud", complaint: "complaint", other: null,
};

/** The least priority a choice deserves whatever the words say: fraud and complaints have clocks running. */
export const priorityFloorOf: Record<FormCategory, TicketPriority> = {
  payment_failed: "normal", withdrawal: "normal", refund: "normal", account_frozen: "high",
  security_fraud: "high", complaint: "high", other: "normal",
};

export const formLimits = {
  nameMax: 100,
  emailMax: 254,
  subjectMax: 200,
  descriptionMin: 10,
  descriptionMax: 20_000,
  transactionIdMax: 64,
  phoneMax: 32,
  maxFiles: 5,
  maxFileBytes: 10 * 1024 * 1024,
} as const;

/** What the server accepts as an attachment, by the bytes (sniffed), never by the browser's label. */
export const acceptedAttachmentTypes = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"]);

export type FeedbackChoice = { method: "email" } | { method: "phone"; phone: string; window: CallbackWindow };

export type WebFormFields = {
  email: string;
  name: string;
  subject: string;
  category: FormCategory;
  transactionId: string | null;
  description: string;
  feedback: FeedbackChoice;
  urgency: Urgency;
};

/** What the form said, as kept on the message for agents (WebFormFields without the free text). */
export type WebFormFacts = {
  category: FormCategory;
  urgency: Urgency;
  transactionId: string | null;
  feedback: FeedbackChoice;
  language: "en" | "zh-CN";
  /** The sender clicked the confirmation link we mailed (proves the address, not the person). */
  addressConfirmed: boolean;
};

export type FieldName = "email" | "name" | "subject" | "category" | "transactionId" | "description" | "feedback" | "phone" | "window" | "urgency" | "attachments";
export type FieldErrorCode = "required" | "invalid" | "too_long" | "too_short" | "too_many_files" | "file_too_large" | "file_type" | "file_empty";
export type FieldError = { field: FieldName; code: FieldErrorCode; file?: string };

/** The raw text fields of a post, by input name. */
export type RawFormValues = Partial<Record<"email" | "name" | "subject" | "category" | "transactionId" | "description" | "feedback" | "phone" | "window" | "urgency", string>>;

const emailShape = z.email();
const TRANSACTION_ID = /^[A-Za-z0-9][A-Za-z0-9._:/#-]*$/;
const PHONE = /^\+?[0-9][0-9 ().-]*$/;

const isOneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/** Checks every field and answers either the clean fields or every problem at once (one per field). */
export function validateFormValues(raw: RawFormValues): { fields: WebFormFields | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (k: keyof RawFormValues) => (raw[k] ?? "").replace(/\r\n?/g, "\n").trim();
  const line = (k: keyof RawFormValues) => text(k).replace(/\s+/g, " ");
  const need = (field: FieldName, value: string, max: number) => {
    if (!value) errors.push({ field, code: "required" });
    else if ([...value].length > max) errors.push({ field, code: "too_long" });
  };

  const email = line("email").toLowerCase();
  need("email", email, formLimits.emailMax);
  if (email && email.length <= formLimits.emailMax && !emailShape.safeParse(email).success) errors.push({ field: "email", code: "invalid" });
  const name = line("name");
  need("name", name, formLimits.nameMax);
  const subject = line("subject");
  need("subject", subject, formLimits.subjectMax);
  const category = line("category");
  if (!category) errors.push({ field: "category", code: "required" });
  else if (!isOneOf(formCategories, category)) errors.push({ field: "category", code: "invalid" });
  const transactionId = line("transactionId");
  if (transactionId.length > formLimits.transactionIdMax) errors.push({ field: "transactionId", code: "too_long" });
  else if (transactionId && !TRANSACTION_ID.test(transactionId)) errors.push({ field: "transactionId", code: "invalid" });
  const description = text("description");
  need("description", description, formLimits.descriptionMax);
  if (description && [...description].length < formLimits.descriptionMin) errors.push({ field: "description", code: "too_short" });
  const urgency = line("urgency") || "normal";
  if (!isOneOf(urgencies, urgency)) errors.push({ field: "urgency", code: "invalid" });

  const method = line("feedback") || "email";
  let feedback: FeedbackChoice = { method: "email" };
  if (!isOneOf(feedbackMethods, method)) errors.push({ field: "feedback", code: "invalid" });
  else if (method === "phone") {
    const phone = line("phone");
    const window = line("window") || "any";
    const digits = phone.replace(/\D/g, "").length;
    if (!phone) errors.push({ field: "phone", code: "required" });
    else if (phone.length > formLimits.phoneMax) errors.push({ field: "phone", code: "too_long" });
    else if (!PHONE.test(phone) || digits < 6 || digits > 20) errors.push({ field: "phone", code: "invalid" });
    if (!isOneOf(callbackWindows, window)) errors.push({ field: "window", code: "invalid" });
    else feedback = { method: "phone", phone, window };
  }

  if (errors.length > 0) return { fields: null, errors };
  return {
    fields: {
      email, name, subject, description, feedback,
      category: category as FormCategory,
      transactionId: transactionId || null,
      urgency: urgency as Urgency,
    },
    errors,
  };
}
