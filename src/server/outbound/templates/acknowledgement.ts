// The acknowledgement a customer gets for a new ticket, in their language.
import type { SecretKind } from "../../ingest/redact/index.ts";

export type AcknowledgementFacts = {
  language: string;
  customerName: string | null;
  ticketRef: string;
  /** The request's own subject; null when the sender is not verified (see acknowledgement.ts). */
  subject: string | null;
  firstResponseHours: number;
  trackingUrl: string;
  removed: Partial<Record<SecretKind, number>>;
  companyName: string;
};

const removedNames: Record<string, Record<SecretKind, string>> = {
  en: { card_number: "card number", cvv: "card security code (CVV)", resident_id: "ID card number", password: "password", otp: "one-time code" },
  "zh-CN": { card_number: "银行卡号", cvv: "卡片安全码 (CVV)", resident_id: "身份证号码", password: "密码", otp: "验证码" },
};

export function acknowledgementSubject(f: AcknowledgementFacts): string {
  return f.language === "zh-CN"
    ? `我们已收到您的请求 [#${f.ticketRef}]${f.subject ? ` ${f.subject}` : ""}`
    : `We received your request [#${f.ticketRef}]${f.subject ? ` ${f.subject}` : ""}`;
}

export function acknowledgementText(f: AcknowledgementFacts): string {
  const zh = f.language === "zh-CN";
  const names = removedNames[zh ? "zh-CN" : "en"]!;
  const removed = Object.entries(f.removed).filter(([, n]) => (n ?? 0) > 0).map(([k]) => names[k as SecretKind]);
  const lines: string[] = [];
  if (zh) {
    lines.push(`${f.customerName ? `${f.customerName}，` : ""}您好：`, "",
      `我们已收到您的请求，工单号为 ${f.ticketRef}。`,
      `我们通常会在 ${f.firstResponseHours} 小时内首次回复。`,
      `随时查看进度：${f.trackingUrl}`, "",
      "如需补充信息，请直接回复本邮件（请保留邮件主题中的工单号），不要另发新邮件。");
    if (removed.length) lines.push("", `为保护您的安全，我们已从您的邮件中删除了以下敏感信息：${removed.join("、")}。`);
    lines.push("", `请注意：${f.companyName}绝不会向您索要密码、完整银行卡号、CVV 安全码或短信验证码。请勿在邮件中发送这些信息。`);
    lines.push("", `${f.companyName} 客服团队`);
  } else {
    lines.push(`Hello${f.customerName ? ` ${f.customerName}` : ""},`, "",
      `We have received your request. Your ticket number is ${f.ticketRef}.`,
      `We usually reply for the first time within ${f.firstResponseHours} hours.`,
      `Follow its progress at any time: ${f.trackingUrl}`, "",
      "To add information, reply to this e-mail (keep the ticket number in the subject) rather than writing a new one.");
    if (removed.length) lines.push("", `For your safety we removed the following from your message: ${removed.join(", ")}.`);
    lines.push("", `Please note: ${f.companyName} will never ask for your password, full card number, CVV or SMS code. Never send them by e-mail.`);
    lines.push("", `${f.companyName} Support`);
  }
  return lines.join("\n");
}
