#!/usr/bin/env bash
# Not in CI: checks that the demand-driven check prints the full check's JSON (but for `completeness`) on the
# release trees the evaluation extracted (default: /var/tmp/memhp-eval/trees/v4.19-*, v5.4-*, v5.10-*, v6.18-*).
# Usage: extension/scripts/demand-identity.sh [TREE...]   (run `npm run build` first)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cli="$here/dist/cli.js"
trees=("$@")
if [ ${#trees[@]} -eq 0 ]; then
  for v in v4.19 v5.4 v5.10 v6.18; do trees+=(/var/tmp/memhp-eval/trees/"$v"-*); done
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for tree in "${trees[@]}"; do
  name="$(basename "$tree")"
  export MEMHP_CACHE_DIR="$work/cache-$name"
  start=$(date +%s)
  node "$cli" check --tree "$tree" --format json --full > "$work/full.json" 2>/dev/null || true
  mid=$(date +%s)
  node "$cli" check --tree "$tree" --format json > "$work/demand.json" 2>/dev/null || true
  end=$(date +%s)
  verdict="$(node -e '
    const fs = require("fs");
    const [a, b] = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
    const c = b.completeness;
    delete a.completeness;
    delete b.completeness;
    const same = JSON.stringify(a) === JSON.stringify(b);
    console.log(`${same ? "identical" : "DIFFERENT"}: ${a.findings.length} findings, ${a.roots.length} roots; demand parsed ${c.parsed} of ${c.files} files in ${c.rounds} rounds`);
    process.exit(same ? 0 : 1);
  ' "$work/full.json" "$work/demand.json")" || status=1
  echo "$name: $verdict (full cold $((mid - start)) s, demand warm $((end - mid)) s)"
done
exit $status
