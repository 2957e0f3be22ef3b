// The CPU-heavy part of the pipeline — sender authentication, MIME decoding, redaction — behind one
// interface, so it can run on worker threads (work-pool.ts) while the main thread does I/O and SQL.
import { parseMessage } from "../decode/parse-message.ts";
import type { DecodedContent } from "../inbound-message.ts";
import { redactReadableParts, type ReadableParts } from "../redact/redact-content.ts";
import type { Redaction } from "../redact/index.ts";
import { checkSender, type DnsResolver, type SenderCheck, type SessionFacts } from "../sender-auth/check-sender.ts";

export type MessageWork = {
  checkSender(raw: Buffer, facts: SessionFacts): Promise<SenderCheck>;
  decode(raw: Buffer): Promise<DecodedContent>;
  redact(parts: ReadableParts): Promise<{ parts: ReadableParts; redactions: Redaction[] }>;
  close(): Promise<void>;
};

/** Runs the work on the calling thread (`worker.threads: 0`, and inside each pool thread). */
export function inThreadWork(resolver?: DnsResolver): MessageWork {
  return {
    checkSender: (raw, facts) => checkSender(raw, facts, resolver),
    decode: (raw) => parseMessage(raw),
    redact: async (parts) => redactReadableParts(parts),
    close: async () => undefined,
  };
}
