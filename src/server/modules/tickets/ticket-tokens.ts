// Signed identifiers tying mail to a ticket: reply addresses, our Message-IDs, tracking links.
// Guessing a ticket number gives nothing: every token carries an HMAC only we can make.
import { randomBytes } from "node:crypto";
import type { Signer } from "../../security/signer.ts";

export function replyTag(signer: Signer, prefix: string, number: number): string {
  return `${prefix.toLowerCase()}${number}-${signer.sign("reply", String(number))}`;
}

/** The ticket number a plus-address tag proves, or null when the signature is wrong. */
export function verifyReplyTag(signer: Signer, prefix: string, tag: string): number | null {
  const m = new RegExp(`^${prefix.toLowerCase()}(\\d{1,12})-([a-z2-7]{16})$`).exec(tag.toLowerCase());
  if (!m) return null;
  return signer.verify("reply", m[1]!, m[2]!) ? Number(m[1]) : null;
}

export function newSignedMessageId(signer: Signer, number: number | null, domain: string): string {
  const nonce = randomBytes(8).toString("hex");
  const body = `${nonce}.${number ?? 0}`;
  return `<pd.${body}.${signer.sign("msgid", body)}@${domain}>`;
}

/** The ticket number inside one of our Message-IDs, or null when it is not ours or forged. */
export function verifySignedMessageId(signer: Signer, messageId: string): number | null {
  const m = /^<pd\.([0-9a-f]{16})\.(\d{1,12})\.([a-z2-7]{16})@[^>]+>$/i.exec(messageId.trim());
  if (!m) return null;
  const body = `${m[1]!.toLowerCase()}.${m[2]}`;
  if (!signer.verify("msgid", body, m[3]!)) return null;
  const number = Number(m[2]);
  return number > 0 ? number : null;
}

export function trackingToken(signer: Signer, number: number): string {
  return signer.sign("track", String(number));
}

export function trackingLink(publicUrl: string, signer: Signer, prefix: string, number: number): string {
  return `${publicUrl.replace(/\/$/, "")}/track/${prefix}-${number}?t=${trackingToken(signer, number)}`;
}
