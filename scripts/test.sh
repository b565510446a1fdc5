#!/usr/bin/env bash
# sealgate: lints the style, builds everything, fails on a compiler warning in sealgate's own code, then
# runs the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/install-deps.sh
scripts/install-test-deps.sh
. scripts/env.sh

# Style drift fails first and fast (two seconds): `scripts/lint.sh --fix` formats the tree.
echo "linting (swift format)…" >&2
scripts/lint.sh

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
# `make install` into a temporary tree, with the debug build just made (before `swift test`, which holds
# SwiftPM's lock on .build while the install builds through it).
echo "testing make install and uninstall…" >&2
scripts/test-install.sh
swift test --skip-build
