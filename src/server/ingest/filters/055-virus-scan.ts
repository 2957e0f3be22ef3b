// Files go past the virus scanner (when one is configured) before anything stores them. What it flags,
// or cannot judge (encrypted, over its limits), is held back from the ticket and named on the message;
// the sealed raw mail still holds it, so nothing is lost. No verdict at all (scanner down) throws: the
// message waits for the scanner rather than skip the scan.
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Filter } from "../filter.ts";
import type { DecodedAttachment } from "../inbound-message.ts";

/**
 * All of one message's scans, together: below the 5-minute lock of the job that runs them, so another
 * worker never takes the message over while it is still being scanned. Files left when it runs out are
 * held back as unscannable.
 */
export const MESSAGE_SCAN_BUDGET_MS = 4 * 60_000;

export const virusScanFilter: Filter = {
  name: "virus-scan",
  async run(ctx, msg) {
    const scanner = ctx.services.virusScanner;
    const c = msg.content;
    if (!scanner || !c || !c.attachments.some((a) => a.content)) return { kind: "continue", msg };
    const warnings = [...c.warnings];
    const attachments: DecodedAttachment[] = [];
    const deadline = performance.now() + MESSAGE_SCAN_BUDGET_MS;
    // Asked before the scans: a reload meanwhile makes the files look older than they are, never newer.
    // Unknown (clamd not answering): the scans below find that out and wait; a file then kept is
    // recorded as of unknown signatures and scanned again at its first download.
    const signatures = await scanner.signatures().catch(() => undefined);
    for (const a of c.attachments) {
      if (!a.content) {
        attachments.push(a);
        continue;
      }
      const left = deadline - performance.now();
      const verdict = left > 0
        ? await scanner.scan(a.content, { timeoutMs: left })
        : { kind: "unscannable" as const, reason: `this message's files took over ${MESSAGE_SCAN_BUDGET_MS / 60_000} minutes to scan` };
      const sha256 = () => createHash("sha256").update(a.content!).digest("hex");
      if (verdict.kind === "clean") {
        attachments.push(signatures === undefined ? a : { ...a, scannedWith: signatures });
      } else if (verdict.kind === "infected") {
        attachments.push({ ...a, content: null, heldBack: { reason: "malware", detail: verdict.signature, sha256: sha256() } });
        warnings.push(`attachment ${a.filename} held back: the virus scanner found ${verdict.signature} (kept only in the original message)`);
      } else {
        attachments.push({ ...a, content: null, heldBack: { reason: "unscannable", detail: verdict.reason, sha256: sha256() } });
        warnings.push(`attachment ${a.filename} held back: the virus scanner could not check it, ${verdict.reason} (kept only in the original message)`);
      }
    }
    return { kind: "continue", msg: { ...msg, content: { ...c, attachments, warnings } } };
  },
};
