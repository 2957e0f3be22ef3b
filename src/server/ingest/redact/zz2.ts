import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { findSecrets } from "./redact-text.ts";
import { redactHtml } from "./redact-html.ts";
const root = "/work/shared/corpora";
const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]);
let n = 0;
for (const f of walk(root + "/mime")) {
  if (!f.endsWith(".eml")) continue;
  try {
    const m = await simpleParser(readFileSync(f));
    n++;
    const text = m.text ?? "";
    for (const s of findSecrets(text)) console.log("T", f.replace(root, ""), s.kind, JSON.stringify(text.slice(Math.max(0, s.start - 30), s.end + 15)));
    if (typeof m.html === "string") {
      const r = redactHtml(m.html);
      for (const x of r.redactions) console.log("H", f.replace(root, ""), x.kind);
    }
  } catch (e) { console.log("ERR", f, String(e).slice(0, 80)); }
}
console.log("parsed", n);
