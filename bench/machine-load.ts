// What a benchmark run measured on: how busy the machine was, and which code.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** CPU-seconds all processes have used since boot (Linux /proc/stat), or null where that is unknown. */
export function machineBusySeconds(): number | null {
  try {
    const f = readFileSync("/proc/stat", "latin1").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return null;
  }
}

/** Which code was measured: the commit, and whether src/ had changes not yet committed. */
export function codeState(): string {
  const git = (...a: string[]) => spawnSync("git", a, { encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0) return "unknown (not a git checkout)";
  const dirty = git("status", "--porcelain", "--", "src").stdout.trim();
  return `${head.stdout.trim()}${dirty ? ` + uncommitted changes in src/ (${dirty.split("\n").length} files)` : ""}`;
}
