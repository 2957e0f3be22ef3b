// SPF, DKIM, DMARC and ARC from the SMTP session's own facts (never from Received headers).
import { authenticate, type AuthResult } from "mailauth";
import type { AuthVerdict } from "../inbound-message.ts";
import type { Filter } from "../filter.ts";

const AUTH_TIMEOUT_MS = 15_000;

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
    arc: result.arc ? result.arc.status?.result ?? null : null,
  };
}

export const senderAuthFilter: Filter = {
  name: "sender-auth",
  async run(ctx, msg) {
    const { envelope } = msg;
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        authenticate(msg.raw, {
          // Only an SMTP session knows the connecting IP; other channels get DKIM/DMARC without SPF.
          ip: msg.channel === "smtp" ? envelope.remoteIp : undefined,
          helo: msg.channel === "smtp" ? envelope.helo : undefined,
          sender: envelope.mailFrom ?? undefined,
          mta: ctx.services.config.smtp.hostname,
          trustReceived: false,
          disableBimi: true,
          resolver: ctx.services.dnsResolver,
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("sender authentication timed out")), AUTH_TIMEOUT_MS);
        }),
      ]);
      return { kind: "continue", msg: { ...msg, auth: { verdict: verdictOf(result), summary: summarize(result) } } };
    } catch (err) {
      // No verdict is not a pass: the message goes on, unverified, with the reason kept.
      return { kind: "continue", msg: { ...msg, auth: { verdict: "unverified", summary: { error: (err as Error).message } } } };
    } finally {
      clearTimeout(timer);
    }
  },
};
