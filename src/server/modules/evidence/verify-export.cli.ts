// `paydesk verify-export <file.zip> [--key key.pem]`: exit 0 when the archive is intact, 1 when not.
// Works on a machine with no PayDesk installation: then it trusts the key inside the archive and says so.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../../config.ts";
import { readExportKeyPem } from "../../secrets.ts";
import { formatUtc } from "./transcript-pdf.ts";
import { verifyExport } from "./verify-export.ts";

export const verifyExportUsage = "verify-export FILE.zip [--key KEY.pem]  check a signed evidence archive (exit 0 valid, 1 invalid)";

/** This installation's key when one exists here (PAYDESK_DATA_DIR, paydesk.config.json or ./data); else null. */
function installationKeyPem(): string | null {
  try {
    return readExportKeyPem(loadConfig());
  } catch {
    return null;
  }
}

export async function runVerifyExportCli(args: string[], out: (line: string) => void = console.log): Promise<number> {
  let values: { key?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, options: { key: { type: "string" } }, allowPositionals: true }));
  } catch (err) {
    out(`${(err as Error).message}\nUsage: paydesk ${verifyExportUsage}`);
    return 2;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    out(`Usage: paydesk ${verifyExportUsage}`);
    return 2;
  }
  let zip: Buffer;
  let keyPem: string | null;
  try {
    zip = readFileSync(file);
    keyPem = values.key ? readFileSync(values.key, "utf8") : installationKeyPem();
  } catch (err) {
    out(`Cannot read ${(err as Error & { path?: string }).path ?? file}: ${(err as Error).message}`);
    return 2;
  }
  const keyName = values.key ? `the key in ${values.key}` : keyPem ? "this installation's key" : "the key inside the archive";
  const r = verifyExport(zip, keyPem ? { publicKeyPem: keyPem } : {});

  out(`${r.ok ? "VALID" : "INVALID"}: ${file}`);
  if (r.ticket) out(`  ticket ${r.ticket.number}: ${r.ticket.subject}`);
  if (r.exportedAt) out(`  exported ${formatUtc(r.exportedAt)}, ${r.messages.length} message(s)`);
  if (r.fingerprint) out(`  checked with ${keyName}, fingerprint ${r.fingerprint}`);
  for (const w of r.warnings) out(`  warning: ${w}`);
  if (r.ok) {
    for (const m of r.messages) out(`  ${m.name}  ${formatUtc(m.date)}  ${m.from ?? "-"}  ${m.subject}`);
    return 0;
  }
  out("Problems:");
  for (const p of r.problems) out(`  - ${p}`);
  return 1;
}
