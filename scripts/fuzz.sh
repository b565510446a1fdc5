#!/usr/bin/env bash
# sealgate: builds the fuzz targets of Fuzz/ with libFuzzer and AddressSanitizer, then runs each for a
# bounded time, stopping at the first crash, hang or runaway memory with the input that caused it.
#
#   scripts/fuzz.sh                     every target, FUZZ_SECONDS (default 60) each
#   FUZZ_TARGET=cel FUZZ_SECONDS=600 scripts/fuzz.sh
#
# Environment: FUZZ_TARGET (one of the targets below; default all), FUZZ_SECONDS (per target),
# FUZZ_RSS_MB (memory limit, default 2048), FUZZ_WORK (working folder, default .build-fuzz/work: the
# growing corpus, crash inputs and logs), FUZZ_KEEP_GOING=1 (run each target its whole time in libFuzzer's
# fork mode, collecting every crash, hang and out-of-memory input instead of stopping at the first).
# See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/env.sh

all_targets=(yaml-loader json-loader cel policy-loading sealed-value pem-keys)
seconds=${FUZZ_SECONDS:-60}
rss_mb=${FUZZ_RSS_MB:-2048}
work=${FUZZ_WORK:-$root/.build-fuzz/work}
scratch=$root/.build-fuzz

if [ -n "${FUZZ_TARGET:-}" ]; then
  if [[ ! " ${all_targets[*]} " == *" $FUZZ_TARGET "* ]]; then
    echo "unknown FUZZ_TARGET '$FUZZ_TARGET'; one of: ${all_targets[*]}" >&2
    exit 2
  fi
  targets=("$FUZZ_TARGET")
else
  targets=("${all_targets[@]}")
fi
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "FUZZ_SECONDS must be a positive number of seconds, not '$seconds'" >&2
  exit 2
fi

# Every module is compiled with ASan and libFuzzer's coverage instrumentation (what -sanitize=fuzzer adds
# when compiling); only the fuzz executables link libFuzzer (Fuzz/Package.swift says why).
echo "building the fuzz targets (debug, address sanitizer, coverage)…" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! (cd Fuzz && swift build --scratch-path "$scratch" -c debug \
      -Xswiftc -sanitize=address \
      -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table) >"$log" 2>&1; then
  grep -v "Cannot export local symbol" "$log" >&2
  exit 2
fi
bin=$(cd Fuzz && swift build --scratch-path "$scratch" -c debug --show-bin-path)

# The per-input time limit: one input that runs longer is a hang and a finding. CEL and policies carry a
# cost budget, so they stop long before it; the key targets do RSA work on every input that gets that far.
timeout_for() {
  case "$1" in
    policy-loading) echo 30 ;;
    *) echo 10 ;;
  esac
}

# The longest input tried: room for the long chains a stack-depth problem needs (CEL, policies); the other
# targets keep libFuzzer's default (the largest seed, at least 4 KiB).
max_len_for() {
  case "$1" in
    cel | policy-loading) echo 16384 ;;
    *) echo 0 ;;
  esac
}

dictionary_for() {
  case "$1" in
    yaml-loader) echo "$root/Fuzz/dictionaries/yaml.dict" ;;
    json-loader) echo "$root/Fuzz/dictionaries/json.dict" ;;
    cel) echo "$root/Fuzz/dictionaries/cel.dict" ;;
    pem-keys) echo "$root/Fuzz/dictionaries/pem-keys.dict" ;;
    policy-loading)
      cat "$root/Fuzz/dictionaries/yaml.dict" "$root/Fuzz/dictionaries/cel.dict" \
        "$root/Fuzz/dictionaries/policy-loading.dict" >"$work/policy-loading.dict"
      echo "$work/policy-loading.dict" ;;
    *) echo "" ;;
  esac
}

mkdir -p "$work/logs"
status=0
for target in "${targets[@]}"; do
  corpus=$work/corpus/$target
  artifacts=$work/findings/$target
  mkdir -p "$corpus" "$artifacts"
  python3 Fuzz/make-corpus.py "$work/corpus" "$target"
  dictionary=$(dictionary_for "$target")
  options=(
    -max_total_time="$seconds"
    -timeout="$(timeout_for "$target")"
    -rss_limit_mb="$rss_mb"
    -artifact_prefix="$artifacts/"
    -print_final_stats=1
    -max_len="$(max_len_for "$target")"
  )
  [ -n "$dictionary" ] && options+=(-dict="$dictionary")
  if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
    options+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  fi
  marker=$(mktemp)
  echo "== fuzz-$target for ${seconds}s (log: $work/logs/$target.log)" >&2
  set +e
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} "$bin/fuzz-$target" "${options[@]}" "$corpus" >"$work/logs/$target.log" 2>&1
  code=$?
  set -e
  # The last coverage line and libFuzzer's final statistics.
  grep -E "^#[0-9]+" "$work/logs/$target.log" | tail -1 >&2 || true
  grep -E "^INFO: fuzzed for|crashes: [0-9]+" "$work/logs/$target.log" | tail -1 >&2 || true
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)" "$work/logs/$target.log" >&2 || true
  found=$(find "$artifacts" -type f -newer "$marker" | sort)
  rm -f "$marker"
  if [ "$code" -ne 0 ] || [ -n "$found" ]; then
    echo "fuzz-$target found a problem:" >&2
    grep -E "ERROR: (libFuzzer|AddressSanitizer)|Fatal error|SUMMARY" "$work/logs/$target.log" | head -5 >&2 || true
    for file in $found; do
      echo "  reproducer: $file" >&2
      echo "  run it again: $bin/fuzz-$target $file" >&2
    done
    status=1
    [ "${FUZZ_KEEP_GOING:-0}" = 1 ] || break
  fi
done
exit $status
