// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by package / source area and by function,
// plus inclusive time of the functions named with --focus (synchronous stacks only: time spent after an
// `await` is charged to the continuation, not to the caller).
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/ingest.bench.ts --only b
//   node --import tsx bench/cpu-profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--top 30] [--focus a,b]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "30" }, focus: { type: "string", default: "" } },
});
if (positionals.length !== 1) {
  console.error("usage: node --import tsx bench/cpu-profile-summary.ts FILE.cpuprofile [--top N] [--focus fnA,fnB]");
  process.exit(2);
}

const profile = JSON.parse(readFileSync(positionals[0]!, "utf8")) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** Where a frame's code lives: a package, an area of our source, Node itself, or V8's own buckets. */
function areaOf(f: CallFrame): string {
  const url = f.url;
  if (!url) return f.functionName.startsWith("(") ? f.functionName : "(native)";
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  const src = url.match(/\/src\/server\/(.+?)(?:\/[^/]+)?\.ts/);
  if (src) {
    const parts = url.split("/src/server/")[1]!.split("/");
    return `src/${parts.length > 1 ? parts.slice(0, Math.min(parts.length - 1, 2)).join("/") : parts[0]}`;
  }
  if (url.includes("/bench/")) return "bench";
  if (url.startsWith("node:")) return url.replace(/^node:(internal\/)?/, "node:").split("/")[0]!;
  return url;
}

const self = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + dt);
  total += dt;
});

const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, us] of self) {
  const f = byId.get(id)!.callFrame;
  const area = areaOf(f);
  byArea.set(area, (byArea.get(area) ?? 0) + us);
  const key = `${f.functionName || "(anonymous)"}  ${area}${f.url ? `:${f.lineNumber + 1}` : ""}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}

const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`.padStart(6);
const top = Number(values.top);

console.log(`profile: ${(total / 1e6).toFixed(2)} s sampled`);
console.log("\nself time by area:");
for (const [k, v] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(v)} ms ${pct(v)}  ${k}`);
console.log("\nself time by function:");
for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(v)} ms ${pct(v)}  ${k}`);

const focus = values.focus.split(",").map((s) => s.trim()).filter(Boolean);
if (focus.length) {
  const inclusive = new Map<string, number>(focus.map((f) => [f, 0]));
  profile.samples.forEach((leaf, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id)!.callFrame.functionName;
      if (inclusive.has(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, inclusive.get(name)! + dt);
      }
    }
  });
  console.log("\ninclusive time (synchronous stacks):");
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1])) console.log(`  ${ms(v)} ms ${pct(v)}  ${k}`);
}
