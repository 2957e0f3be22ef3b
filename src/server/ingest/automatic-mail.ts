// Recognises mail no person wrote (RFC 3834 and the headers real auto-responders use) and bounces.
import type { RawHeaders } from "./raw-headers.ts";

/** Why this is automatic mail, or null when a person wrote it. */
export function automaticReason(h: RawHeaders, mailFrom: string | null | undefined): string | null {
  const autoSubmitted = h.get("auto-submitted")?.toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith("no")) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = h.get("precedence")?.toLowerCase();
  if (precedence && /^(bulk|junk|list|auto_reply)/.test(precedence)) return `Precedence: ${precedence}`;
  if (h.get("x-autoreply") || h.get("x-autorespond") || h.get("x-autoresponder")) return "X-Autoreply";
  const suppress = h.get("x-auto-response-suppress")?.toLowerCase();
  if (suppress && /\b(all|oof|autoreply)\b/.test(suppress)) return `X-Auto-Response-Suppress: ${suppress}`;
  if (h.get("list-id") || h.get("list-unsubscribe")) return "mailing list (List-* headers)";
  if (h.get("feedback-id") && h.get("list-unsubscribe")) return "bulk sender";
  if (isReadReceipt(h)) return "read receipt";
  if (mailFrom === "" || mailFrom === "<>") return "null return path";
  // No envelope of our own (IMAP, the CLI pipe, a webhook): the delivering MTA wrote it as Return-Path.
  if (mailFrom == null && /^\s*<\s*>\s*$/.test(h.get("return-path") ?? "")) return "null return path (Return-Path: <>)";
  return null;
}

/** Auto-replies proper (out of office etc.): these never open a ticket on their own. */
export function isAutoReply(h: RawHeaders, decodedSubject?: string): boolean {
  const autoSubmitted = h.get("auto-submitted")?.toLowerCase() ?? "";
  const subject = decodedSubject ?? h.get("subject") ?? "";
  return autoSubmitted.startsWith("auto-replied") || !!h.get("x-autoreply") || !!h.get("x-autorespond") || isReadReceipt(h)
    || /\b(oof|autoreply)\b/i.test(h.get("x-auto-response-suppress") ?? "")
    || /^(auto(matic)? ?reply|out of (the )?office|自动回复|自动答复|自動回覆|自動答覆|休假)/i.test(subject.trim());
}

export function isDeliveryReport(h: RawHeaders, fromAddress: string | null): boolean {
  const type = h.get("content-type")?.toLowerCase() ?? "";
  if (type.startsWith("multipart/report") && /report-type="?delivery-status/.test(type)) return true;
  // Non-standard bounces (Exim, qmail, Exchange, Chinese providers): plain text from the mailer daemon.
  return !!fromAddress && /^(mailer-daemon|postmaster)@/i.test(fromAddress)
    && /^(undeliver|delivery status|returned mail|failure notice|mail delivery failed|delivery failure|non-delivery|message not delivered|退信|系统退信)/i.test(h.get("subject") ?? "");
}

/** A read receipt (RFC 8098 message disposition notification): a mail client, not a person, wrote it. */
function isReadReceipt(h: RawHeaders): boolean {
  return /multipart\/report[^]*report-type="?disposition-notification/i.test(h.get("content-type") ?? "");
}

export function isFeedbackReport(h: RawHeaders): boolean {
  return /multipart\/report[^]*report-type="?feedback-report/i.test(h.get("content-type") ?? "");
}

export type DeliveryReport = {
  originalMessageIds: string[];
  status: string | null;
  diagnostic: string | null;
  /** "failed": the mail will not arrive; "delayed": still being tried; "delivered": a success notice. */
  outcome: "failed" | "delayed" | "delivered";
};

/**
 * The facts a delivery report gives about the message it refers to. `ownMessageId` is the report's own
 * (outer) Message-ID, so it is never taken for the original's, whether or not the report has one.
 */
export function readDeliveryReport(raw: Buffer, ownMessageId: string | null | undefined): DeliveryReport {
  const text = raw.toString("latin1");
  const own = ownMessageId?.trim().toLowerCase();
  const ids = [...text.matchAll(/^Message-ID:\s*(<[^<>\s]+>)/gim)].map((m) => m[1]!).filter((id) => id.toLowerCase() !== own);
  const statuses = [...text.matchAll(/^Status:\s*([245]\.\d{1,3}\.\d{1,3})/gim)].map((m) => m[1]!);
  const actions = [...text.matchAll(/^Action:\s*([a-z]+)/gim)].map((m) => m[1]!.toLowerCase());
  const diagnostic = /^Diagnostic-Code:\s*(.+)$/im.exec(text)?.[1]?.trim() ?? null;
  // RFC 3464: one Action per recipient. Only "failed" (or, with no Action, a 5.x.x status) is a bounce;
  // "delayed" and a 4.x.x status mean the mail is still on its way. A report without either is read as
  // a failure, as non-standard bounces (plain text from a mailer-daemon) are.
  const failedStatus = statuses.find((s) => s.startsWith("5"));
  const outcome: DeliveryReport["outcome"] = actions.length > 0
    ? actions.includes("failed") ? "failed" : actions.includes("delayed") ? "delayed" : "delivered"
    : failedStatus || statuses.length === 0 ? "failed" : statuses.some((s) => s.startsWith("4")) ? "delayed" : "delivered";
  const status = (outcome === "failed" ? failedStatus : undefined) ?? statuses[0] ?? null;
  return { originalMessageIds: [...new Set(ids)], status, diagnostic, outcome };
}
