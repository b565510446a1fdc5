#!/usr/bin/env bash
# sealgate: the quick-start demo: builds the CLI and runs it on the bundled example repository.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
. scripts/env.sh
echo "building sealgate…" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! swift build --product sealgate >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
bin=$(swift build --show-bin-path)/sealgate

echo
echo "\$ sealgate objects --verbose testdata/example-repo"
"$bin" objects --verbose testdata/example-repo
