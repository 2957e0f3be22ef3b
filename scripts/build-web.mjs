#!/usr/bin/env node
// Bundles the agent console into dist/web/console: content-hashed script and stylesheet, and an
// index.html that only references them (the console's CSP allows no inline script or style).
import { build } from "esbuild";
import { performance } from "node:perf_hooks";
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const defaultOutDir = join(root, "dist", "web", "console");

const page = ({ script, style }) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>PayDesk</title>
<link rel="stylesheet" href="/console/assets/${style}">
<script type="module" src="/console/assets/${script}"></script>
</head>
<body>
<div id="app"><noscript>PayDesk needs JavaScript.</noscript></div>
</body>
</html>
`;

/**
 * Builds the console into outDir and returns the asset names. A running server keeps working during a
 * rebuild: new hashed files land first, index.html is swapped in atomically, old files go last.
 */
export async function buildWeb({ outDir = defaultOutDir, minify = true } = {}) {
  const assets = join(outDir, "assets");
  mkdirSync(assets, { recursive: true });
  const result = await build({
    entryPoints: [join(root, "src/web/console/main.tsx")],
    bundle: true,
    format: "esm",
    target: ["chrome110", "firefox115", "safari16"],
    platform: "browser",
    jsx: "automatic",
    jsxImportSource: "preact",
    outdir: assets,
    entryNames: "[name]-[hash]",
    assetNames: "[name]-[hash]",
    minify,
    sourcemap: false,
    metafile: true,
    logLevel: "silent",
    legalComments: "none",
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const script = outputs.find((f) => f.endsWith(".js"));
  const style = outputs.find((f) => f.endsWith(".css"));
  if (!script || !style) throw new Error(`console bundle incomplete: ${outputs.join(", ")}`);
  const tmp = join(outDir, `.index.html.${process.pid}`);
  writeFileSync(tmp, page({ script, style }));
  renameSync(tmp, join(outDir, "index.html"));
  for (const name of readdirSync(assets)) if (!outputs.includes(name)) rmSync(join(assets, name), { force: true });
  return { outDir, script, style, files: readdirSync(assets) };
}

export const defaultPortalOutDir = join(root, "dist", "web", "portal");

/** The help centre's small enhancement scripts: each page works without them. */
export async function buildPortalScripts({ outDir = defaultPortalOutDir, minify = true } = {}) {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(root, "src/web/portal/contact-form.ts")],
    bundle: true,
    format: "iife",
    target: ["chrome110", "firefox115", "safari16"],
    platform: "browser",
    outdir: outDir,
    minify,
    logLevel: "silent",
    legalComments: "none",
  });
  return { outDir, files: readdirSync(outDir) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outArg = process.argv.indexOf("--out");
  const outDir = outArg > 0 ? resolve(process.argv[outArg + 1]) : defaultOutDir;
  const started = performance.now();
  const built = await buildWeb({ outDir });
  await buildPortalScripts();
  console.log(`console built in ${Math.round(performance.now() - started)} ms: ${relative(process.cwd(), built.outDir)}/ (${built.script}, ${built.style})`);
}
