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
  if (mailFrom === "" || mailFrom === "<>") return "null return path";
  return null;
}

/** Auto-replies proper (out of office etc.): these never open a ticket on their own. */
export function isAutoReply(h: RawHeaders, decodedSubject?: string): boolean {
  const autoSubmitted = h.get("auto-submitted")?.toLowerCase() ?? "";
  const subject = decodedSubject ?? h.get("subject") ?? "";
  return autoSubmitted.startsWith("auto-replied") || !!h.get("x-autoreply") || !!h.get("x-autorespond")
    || /\b(oof|autoreply)\b/i.test(h.get("x-auto-response-suppress") ?? "")
    || /^(auto(matic)? ?reply|out of (the )?office|自动回复|自動回覆|休假)/i.test(subject.trim());
}

export function isDeliveryReport(h: RawHeaders, fromAddress: string | null): boolean {
  const type = h.get("content-type")?.toLowerCase() ?? "";
  if (type.startsWith("multipart/report") && /report-type="?delivery-status/.test(type)) return true;
  return !!fromAddress && /^(mailer-daemon|postmaster)@/i.test(fromAddress) && /^(undeliver|delivery status|returned mail|failure notice|退信|系统退信)/i.test(h.get("subject") ?? "");
}

export function isFeedbackReport(h: RawHeaders): boolean {
  return /multipart\/report[^]*report-type="?feedback-report/i.test(h.get("content-type") ?? "");
}

/** The facts a delivery report gives about the message it refers to. */
export function readDeliveryReport(raw: Buffer): { originalMessageIds: string[]; status: string | null; diagnostic: string | null } {
  const text = raw.toString("latin1");
  const ids = [...text.matchAll(/^Message-ID:\s*(<[^<>\s]+>)/gim)].map((m) => m[1]!);
  // The report's own Message-ID comes first in the outer header; the original's follow it.
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(text)?.[1] ?? null;
  const diagnostic = /^Diagnostic-Code:\s*(.+)$/im.exec(text)?.[1]?.trim() ?? null;
  return { originalMessageIds: ids.slice(1), status, diagnostic };
}
