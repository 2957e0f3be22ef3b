// SPF, DKIM, DMARC and ARC with mailauth, from facts of the session that delivered the message.
import { authenticate, type AuthResult } from "mailauth";
import type { AuthVerdict } from "../inbound-message.ts";

/** What the delivering session told us; never taken from the message's own Received headers. */
export type SessionFacts = { ip?: string; helo?: string; sender?: string; mta: string };
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;
export type SenderCheck = { verdict: AuthVerdict; summary: Record<string, unknown> };

export function verdictOf(result: AuthResult): AuthVerdict {
  const dmarc = result.dmarc ? result.dmarc.status?.result : undefined;
  if (dmarc === "pass") return "verified";
  if (dmarc === "fail") return "spoofed";
  return "unverified";
}

function summarize(result: AuthResult): Record<string, unknown> {
  return {
    spf: result.spf ? result.spf.status?.result ?? null : null,
    dkim: (result.dkim?.results ?? []).map((r) => ({ domain: r.signingDomain ?? null, result: r.status?.result ?? null })),
    dmarc: result.dmarc ? result.dmarc.status?.result ?? null : null,
    dmarcPolicy: result.dmarc ? result.dmarc.policy ?? null : null,
    // The (organisational) domain DMARC judged: a pass speaks for a From address of this domain only.
    dmarcDomain: result.dmarc ? (result.dmarc as { domain?: string }).domain ?? null : null,
    arc: result.arc ? result.arc.status?.result ?? null : null,
  };
}

export async function checkSender(raw: Buffer, facts: SessionFacts, resolver?: DnsResolver): Promise<SenderCheck> {
  const result = await authenticate(raw, {
    ip: facts.ip,
    helo: facts.helo,
    sender: facts.sender,
    mta: facts.mta,
    trustReceived: false,
    disableBimi: true,
    resolver,
  });
  return { verdict: verdictOf(result), summary: summarize(result) };
}
