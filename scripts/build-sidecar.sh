#!/usr/bin/env bash
# sealgate: builds `sealgate-sidecar` as the container image ships it and prints the binary's path.
#
#   scripts/build-sidecar.sh            # into .build-image/ (kept apart from .build/, whose flags differ)
#
# The sidecar runs in every pod that uses it, so its binary is built for memory: the Swift standard library
# linked in statically (no Swift runtime in the image), -Osize for sealgate's own code and its packages,
# and lld with packed relative relocations (DT_RELR, glibc 2.36+), which shrinks the relocation table the
# dynamic loader reads at every start from 1.5 MB to 12 KB while the binary stays position-independent.
# docs/benchmarks.md has the resident memory each of these saves.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scratch=${SEALGATE_IMAGE_BUILD:-.build-image}
flags=(-c release --product sealgate-sidecar --static-swift-stdlib --scratch-path "$scratch"
  -Xswiftc -Osize -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs)
swift build "${flags[@]}" >&2
echo "$(swift build "${flags[@]}" --show-bin-path)/sealgate-sidecar"
