// Messages between the main thread and a work thread.
import type { SessionFacts } from "../sender-auth/check-sender.ts";
import type { ReadableParts } from "../redact/redact-content.ts";

export type WorkCall =
  | { kind: "call"; id: number; op: "checkSender"; raw: Uint8Array; facts: SessionFacts }
  | { kind: "call"; id: number; op: "decode"; raw: Uint8Array }
  | { kind: "call"; id: number; op: "redact"; parts: ReadableParts };

export type WorkReply = { kind: "reply"; id: number; ok: true; value: unknown } | { kind: "reply"; id: number; ok: false; error: string };

/** DNS goes through the main thread, so the resolver it was given (its cache, a test's records) is used. */
export type DnsQuery = { kind: "dns"; id: number; name: string; rrtype: string };
export type DnsAnswer = { kind: "dns"; id: number; ok: true; value: unknown } | { kind: "dns"; id: number; ok: false; message: string; code?: string };

export type ToWorker = WorkCall | DnsAnswer;
export type FromWorker = WorkReply | DnsQuery;
