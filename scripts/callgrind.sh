#!/usr/bin/env bash
# sealgate: counts the instructions of a release binary with Valgrind's callgrind, which does not move with
# whatever else the machine runs (wall times do), and prints the functions that cost the most.
#
#   scripts/callgrind.sh sealgate check --no-config --format json DIR
#   scripts/callgrind.sh sealgate-bench check --runs 1
#
# The first argument names a product of .build/release (build it first: swift build -c release --product
# NAME); the rest are its arguments. The output file is .build/callgrind/NAME.out, for callgrind_annotate
# (pipe it through `swift demangle --simplified`). Two things stop Valgrind 3.19 on a Swift 6 binary,
# and this works around both: it cannot read DWARF 5, so a copy without debug information is profiled
# (its symbol table still names every function); and it edits in place the signal mask a program passes to
# sigsuspend, which libdispatch keeps in read-only memory, so a preloaded sigsuspend copies the mask first.
# See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || {
  echo "usage: scripts/callgrind.sh PRODUCT [ARGUMENTS...]" >&2
  exit 2
}
product=$1
shift
binary=.build/release/$product
[ -x "$binary" ] || {
  echo "$binary: not built; run swift build -c release --product $product" >&2
  exit 2
}
command -v valgrind >/dev/null || {
  echo "valgrind is not installed; apt-get install valgrind" >&2
  exit 2
}
work=.build/callgrind
mkdir -p "$work"
cat >"$work/sigsuspend.c" <<'C'
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
/* Valgrind rewrites the mask it is given; hand it a copy on the stack. */
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, sizeof(long));
}
C
cc -shared -fPIC -O2 -o "$work/sigsuspend.so" "$work/sigsuspend.c"
objcopy --strip-debug "$binary" "$work/$product"
# The program's own exit status (sealgate check exits 1 on findings) is reported, not taken as a failure.
status=0
# CALLGRIND_OPTIONS adds Valgrind options, such as --collect-atstart=no --toggle-collect=SYMBOL to count one
# function's calls only (see docs/benchmarks.md).
# shellcheck disable=SC2086
LD_PRELOAD=$(pwd)/$work/sigsuspend.so valgrind --tool=callgrind --callgrind-out-file="$work/$product.out" ${CALLGRIND_OPTIONS:-} \
  "$work/$product" "$@" >"$work/$product.stdout" || status=$?
echo "$product exited $status; its output: $work/$product.stdout; the profile: $work/$product.out"
callgrind_annotate "$work/$product.out" 2>/dev/null | sed -n '/^Ir/,$p' | head -40 | swift demangle --simplified
