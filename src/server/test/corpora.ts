// Locates the shared public test corpora. Tests that need them skip loudly when absent.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";

const repoRoot = resolve(fileURLToPath(new URL("../../..", import.meta.url)));

export const corporaRoot = process.env.PAYDESK_CORPORA ?? resolve(repoRoot, "..", "shared", "corpora");

/** Absolute path inside the corpora, or null (with a visible notice) when the corpora are missing. */
export function corpusPath(...parts: string[]): string | null {
  const p = join(corporaRoot, ...parts);
  if (existsSync(p)) return p;
  const notice = `SKIP: test corpus not found at ${p}`;
  if (process.env.PAYDESK_REQUIRE_SERVICES === "1") throw new Error(notice);
  console.warn(`\n*** ${notice} ***\n`);
  return null;
}
