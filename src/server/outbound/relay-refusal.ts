// What a relay's refusal means. Only a refusal of this very message (an unknown recipient, content the
// receiving side will not take) is final. A refusal of our sender address or of relaying itself (530
// authentication required, 554 5.7.1 relay access denied, 553 sender not owned) says the relay
// settings are wrong: every message would get it, and once they are fixed the queued mail must still go.
import type { RelayError } from "./relay.ts";

export type RefusalKind = "message" | "configuration" | "temporary";

const CONFIGURATION_REPLY = /\b(relay(ing)?\s+(access\s+)?(denied|not\s+permitted|prohibited|refused)|authentication\s+required|must\s+(first\s+)?auth|not\s+authenticated|5\.7\.0\b|5\.7\.8\b)/i;

export function classifyRelayError(e: RelayError): RefusalKind {
  if (e.code === "EAUTH") return "configuration";
  const refused = e.code === "EENVELOPE" || e.code === "EMESSAGE";
  if (!refused || e.responseCode === undefined || e.responseCode < 500) return "temporary";
  if (e.command === "MAIL FROM" || e.responseCode === 530 || CONFIGURATION_REPLY.test(e.response ?? "")) return "configuration";
  return "message";
}

/** The relay's answer as the outbox and the ticket show it: its reply as sent ("451 4.3.0 try later"), or "no answer: …". */
export function describeRelayError(e: RelayError): string {
  const said = e.response?.trim();
  if (e.responseCode === undefined) return `no answer: ${said || e.message}`;
  // The reply carries its code already; another copy in front reads "451 451 try later".
  return said?.startsWith(String(e.responseCode)) ? said : `${e.responseCode} ${said || e.message}`;
}
