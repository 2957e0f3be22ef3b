#!/usr/bin/env node
// Runs one benchmark by name: `npm run bench -- ingest [options]` runs bench/ingest.bench.ts.
// Without a name, lists the benchmarks there are. Benchmarks print figures; they are not tests.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const benchDir = join(root, "bench");
const suffix = ".bench.ts";

function listBenches() {
  let names;
  try {
    names = readdirSync(benchDir).filter((f) => f.endsWith(suffix)).sort();
  } catch {
    return [];
  }
  return names.map((file) => {
    // The first comment line of the file says what it measures.
    const first = readFileSync(join(benchDir, file), "utf8").split("\n").find((l) => l.startsWith("//")) ?? "";
    return { name: file.slice(0, -suffix.length), file, about: first.replace(/^\/\/\s*/, "") };
  });
}

function printList(benches) {
  console.log("usage: npm run bench -- <name> [options]   (options go to the benchmark; try --help)\n");
  if (benches.length === 0) {
    console.log("no benchmarks found in bench/");
    return;
  }
  console.log("benchmarks:");
  const width = Math.max(...benches.map((b) => b.name.length));
  for (const b of benches) console.log(`  ${b.name.padEnd(width)}  ${b.about}`);
}

const [name, ...rest] = process.argv.slice(2);
const benches = listBenches();
if (!name || name === "--help" || name === "-h" || name === "--list") {
  printList(benches);
  process.exit(0);
}
const bench = benches.find((b) => b.name === name);
if (!bench) {
  console.error(`no benchmark named "${name}"\n`);
  printList(benches);
  process.exit(2);
}
const result = spawnSync(process.execPath, ["--import", "tsx", join("bench", bench.file), ...rest], { stdio: "inherit", cwd: root });
process.exit(result.status ?? 1);
