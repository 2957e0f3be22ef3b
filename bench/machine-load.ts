// How busy the whole machine has been: benchmarks report it so figures taken on a shared box say so.
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
