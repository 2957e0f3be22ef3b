#!/usr/bin/env node
// Runs every *.test.ts file (or those under the paths given) with Node's own test runner.
// Node 20 cannot glob test files itself, so we list them here.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const roots = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const flags = process.argv.slice(2).filter((a) => a.startsWith("-"));

function collect(path, out) {
  const st = statSync(path);
  if (st.isFile()) {
    if (path.endsWith(".test.ts")) out.push(path);
    return out;
  }
  for (const name of readdirSync(path).sort()) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    collect(join(path, name), out);
  }
  return out;
}

const files = (roots.length ? roots : ["src", "e2e"]).flatMap((r) => {
  try { return collect(r, []); } catch { return []; }
});
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=1", ...flags, ...files],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
