// Files go past the virus scanner (when one is configured) before anything stores them. What it flags
// is dropped from the ticket and named on the message; the sealed raw mail still holds it, so nothing is
// lost. No verdict (scanner down) throws: the message waits for the scanner rather than skip the scan.
import type { Filter } from "../filter.ts";

export const virusScanFilter: Filter = {
  name: "virus-scan",
  async run(ctx, msg) {
    const scanner = ctx.services.virusScanner;
    const c = msg.content;
    if (!scanner || !c || !c.attachments.some((a) => a.content)) return { kind: "continue", msg };
    const warnings = [...c.warnings];
    const attachments = [];
    for (const a of c.attachments) {
      if (!a.content) {
        attachments.push(a);
        continue;
      }
      const verdict = await scanner.scan(a.content);
      if (verdict.kind === "infected") {
        attachments.push({ ...a, content: null, malware: verdict.signature });
        warnings.push(`attachment ${a.filename} removed: the virus scanner found ${verdict.signature} (kept only in the original message)`);
      } else {
        if (verdict.kind === "too_large") warnings.push(`attachment ${a.filename} was not virus-scanned: larger than the scanner accepts`);
        attachments.push(a);
      }
    }
    return { kind: "continue", msg: { ...msg, content: { ...c, attachments, warnings } } };
  },
};
