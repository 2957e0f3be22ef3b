// SPF, DKIM, DMARC and ARC from the SMTP session's own facts (never from Received headers).
import { addressparser, hasAddressGroup } from "../address.ts";
import type { Filter } from "../filter.ts";
import type { RawHeaders } from "../raw-headers.ts";
import type { SenderCheck } from "../sender-auth/check-sender.ts";

const AUTH_TIMEOUT_MS = 15_000;

export const senderAuthFilter: Filter = {
  name: "sender-auth",
  async run(ctx, msg) {
    const { envelope } = msg;
    // A portal reply was written behind a magic link mailed to the sender: that proves the address as DMARC would.
    // Only our own tracking page creates channel "portal" intake, so no outside sender can claim it.
    const from = addressparser(msg.headers.get("from") ?? "")[0]?.address?.toLowerCase() ?? null;
    if (msg.channel === "portal" && envelope.portalSession && from === envelope.portalSession.address.toLowerCase()) {
      return { kind: "continue", msg: { ...msg, auth: { verdict: "verified", summary: { portal: "tracking link", trackingLinkId: envelope.portalSession.trackingLinkId } } } };
    }
    // The contact form lets anyone type any address: never verified, whatever the bytes say. A confirmation
    // click proves only that the sender reads that mailbox, which is noted for agents.
    if (msg.channel === "web_form") {
      return { kind: "continue", msg: { ...msg, auth: { verdict: "unverified", summary: { webForm: true, addressConfirmed: !!envelope.webFormConfirmedAt } } } };
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        ctx.services.work.checkSender(msg.raw, {
          // Only an SMTP session knows the connecting IP; other channels get DKIM/DMARC without SPF.
          ip: msg.channel === "smtp" ? envelope.remoteIp : undefined,
          helo: msg.channel === "smtp" ? envelope.helo : undefined,
          sender: envelope.mailFrom ?? undefined,
          mta: ctx.services.config.smtp.hostname,
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("sender authentication timed out")), AUTH_TIMEOUT_MS);
        }),
      ]);
      return { kind: "continue", msg: { ...msg, auth: vouchesForShownSender(result, msg.headers) } };
    } catch (err) {
      // No verdict is not a pass: the message goes on, unverified, with the reason kept.
      return { kind: "continue", msg: { ...msg, auth: { verdict: "unverified", summary: { error: (err as Error).message } } } };
    } finally {
      clearTimeout(timer);
    }
  },
};

/**
 * A DMARC pass vouches for one domain, while the ticket shows the From header's first mailbox. When the
 * two can differ — several From headers or mailboxes, a group (`x: victim@bank;, attacker@evil`), or a
 * From outside the judged domain — the pass is for someone other than the address shown, which is how a
 * forgery passes: spoofed.
 */
function vouchesForShownSender(check: SenderCheck, headers: RawHeaders): SenderCheck {
  if (check.verdict !== "verified") return check;
  const fromHeaders = headers.all("from");
  const mailboxes = fromHeaders.flatMap((value) => addressparser(value));
  const judged = String(check.summary.dmarcDomain ?? "").toLowerCase();
  const domain = mailboxes[0]?.address.split("@").pop() ?? "";
  const aligned = judged !== "" && (domain === judged || domain.endsWith(`.${judged}`));
  if (fromHeaders.length === 1 && mailboxes.length === 1 && !hasAddressGroup(fromHeaders[0]!) && aligned) return check;
  return { verdict: "spoofed", summary: { ...check.summary, fromMismatch: `DMARC passed for ${judged || "no domain"}, but the From header names ${mailboxes.map((m) => m.address).join(", ") || "no address"}` } };
}
