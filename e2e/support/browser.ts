// Debian's Chromium, headless, driven by playwright-core (no downloaded browser builds).
//
//   const browser = await launchBrowser();          // null when Chromium is not installed (notice printed)
//   describe("…", { skip: !browser }, () => { … }); // or: if (!browser) return;
//   await browser.close();
//
// With PAYDESK_REQUIRE_SERVICES=1 (CI) a missing Chromium fails instead of skipping.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { requireServices } from "../../src/server/test/harness.ts";

export const chromiumPath = "/usr/bin/chromium";

/** Flags for a quiet, sandbox-free headless run on a CI box (no GPU, no background traffic). */
export const chromiumArgs = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
];

let warned = false;

/** True when Chromium is installed; otherwise prints a loud skip notice once, or throws in CI. */
export function chromiumAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  const notice = `Chromium not found at ${chromiumPath} (apt-get install chromium)`;
  if (requireServices) throw new Error(`${notice} and PAYDESK_REQUIRE_SERVICES=1`);
  if (!warned) console.warn(`\n*** SKIP: ${notice}: browser tests are skipped ***\n`);
  warned = true;
  return false;
}

/** Launches headless Chromium, or returns null (after the notice) when it is not installed. */
export async function launchBrowser(): Promise<Browser | null> {
  if (!chromiumAvailable()) return null;
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}
