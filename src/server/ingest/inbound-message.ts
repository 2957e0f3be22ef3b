// What flows through the pipeline: the raw input, what filters learned about it, and where it goes.
import type { RawHeaders } from "./raw-headers.ts";
import type { Redaction } from "./redact/index.ts";
import type { WebFormFacts } from "./web-form/form-fields.ts";

export type Channel = "smtp" | "imap" | "webhook" | "cli" | "web_form" | "portal";

export type Envelope = {
  mailFrom: string | null;
  rcptTo: string[];
  remoteIp?: string;
  helo?: string;
  clientHostname?: string;
  imapAccount?: string;
  imapUid?: number;
  /** When the IMAP server received the message (its INTERNALDATE): server time, not the sender's Date. */
  imapReceivedAt?: string;
  /** Web form: when the sender clicked the confirmation link mailed to them (proves the address, not the person). */
  webFormConfirmedAt?: string;
  /** Portal replies: the address a tracking link (mailed to it) authenticated when the customer wrote. */
  portalSession?: { trackingLinkId: string; address: string };
};

export type AuthVerdict = "verified" | "unverified" | "spoofed";

export type ParsedAddress = { address: string; name: string | null };

/** `sha256` of the held-back bytes: a later release finds the same file in the original by it. */
export type HeldBackFile = { reason: "malware" | "unscannable"; detail: string; sha256: string };

export type DecodedAttachment = {
  filename: string;
  contentType: string;
  /** Null when the part was over the size limit: then only its metadata is kept (the raw mail has it). */
  content: Buffer | null;
  size: number;
  contentId: string | null;
  inline: boolean;
  /** Held back by the virus scan (found malware, or could not judge it): `content` is then null; the sealed raw mail keeps it. */
  heldBack?: HeldBackFile;
  /** Found clean by the virus scanner, with these signatures (filter 055). */
  scannedWith?: string;
};

export type DecodedContent = {
  from: ParsedAddress | null;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  replyTo: ParsedAddress[];
  subject: string;
  date: Date | null;
  /** The new text a reader sees. */
  text: string;
  quoted: string;
  signature: string;
  /** Sanitised HTML (never the sender's raw HTML). */
  html: string | null;
  attachments: DecodedAttachment[];
  language: "zh-CN" | "en";
  /** Problems met while decoding; the message is still stored. */
  warnings: string[];
};

export type ThreadMatch =
  | { kind: "existing"; ticketId: string; via: "reply-token" | "message-id" | "subject-number" | "reply-arrived-first" }
  | { kind: "new"; followUpOf?: string };

export type InboundMessage = {
  inboundId: string;
  channel: Channel;
  mailboxId: string;
  mailboxAddress: string;
  envelope: Envelope;
  raw: Buffer;
  rawBlobKey: string;
  headers: RawHeaders;
  messageId: string | null;
  contentSha256: string;
  /** Set by the loop guard: why this is automatic mail (no acknowledgement is ever sent to it). */
  automatic: string | null;
  auth: { verdict: AuthVerdict; summary: Record<string, unknown> } | null;
  content: DecodedContent | null;
  redactions: Redaction[];
  thread: ThreadMatch | null;
  triage: { priority: string; category: string } | null;
  /** Web form: what the customer chose on the form (set by triage, kept on the message). */
  webForm?: WebFormFacts | null;
};

export type Decision =
  | { kind: "continue"; msg: InboundMessage }
  | { kind: "drop"; reason: string }
  | {
    kind: "divert"; to: "quarantine" | "bounce" | "automatic" | "held"; reason: string; ticketId?: string; outboundId?: string;
    /** For a delivery report: whether our mail failed for good, is delayed (still being tried) or arrived. */
    deliveryOutcome?: "failed" | "delayed" | "delivered";
  };
