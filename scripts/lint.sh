#!/usr/bin/env bash
# sealgate: the house style, checked. `swift format` (shipped with the toolchain) lints every Swift file of
# the package and of Fuzz/ against .swift-format and fails on any difference; `scripts/lint.sh --fix`
# rewrites the files instead.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
files=(Package.swift Sources Tests Plugins Fuzz/Package.swift Fuzz/Sources)
if [[ "${1:-}" == "--fix" ]]; then
  swift format format --in-place --recursive --parallel "${files[@]}"
else
  swift format lint --strict --recursive --parallel "${files[@]}"
fi
