#!/usr/bin/env bash
# sealgate: builds everything, fails on a compiler warning in sealgate's own code, then runs the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/install-deps.sh
scripts/install-test-deps.sh
. scripts/env.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "building (debug, with tests)…" >&2
if ! swift build --build-tests 2>&1 | tee "$log" >/dev/null; then
  cat "$log" >&2
  exit 1
fi
# Dependencies' warnings are theirs; warnings in our Sources/ and Tests/ fail the build.
if grep -E "^${root}/(Sources|Tests)/[^:]+:[0-9]+:[0-9]+: warning:" "$log" >&2; then
  echo "error: compiler warnings in sealgate's own code (above); fix them" >&2
  exit 1
fi
swift test --skip-build
