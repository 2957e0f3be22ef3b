import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { findSecrets } from "./redact-text.ts";
const show = (label: string, text: string) => {
  for (const s of findSecrets(text)) {
    console.log(label, s.kind, JSON.stringify(text.slice(Math.max(0, s.start - 40), s.end + 20)), "<<", JSON.stringify(text.slice(s.start, s.end)));
  }
};
const b = readFileSync("/work/shared/corpora/intent/banking77/train.csv", "utf8");
show("b77", b);
const root = "/work/shared/corpora";
const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]);
for (const f of walk(root + "/mime").concat(walk(root + "/reply"))) {
  const t = readFileSync(f, "latin1");
  show(f.replace(root, ""), t);
}
