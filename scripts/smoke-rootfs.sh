#!/usr/bin/env bash
# sealgate: runs `sealgate-sidecar --once` (and `sealgate version`) inside a minimal Debian root that
# holds exactly the Containerfile's runtime packages, the way the image runs them, without a container
# engine: debootstrap (variant minbase) builds the root, release binaries built as the Containerfile
# builds them are copied in, and chroot runs them as user 65532 on the example's sealed files and the
# test key.
#
#   scripts/smoke-rootfs.sh            # needs root, debootstrap and Debian's mirror; a few minutes
#
# The root is kept in .build-rootfs/ (delete it to start again).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "debootstrap and chroot need root; run as root" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "debootstrap is not installed: apt-get install debootstrap" >&2; exit 2; }

root=.build-rootfs
packages=$(sed -n 's/^# runtime-packages: *//p' Containerfile | tr ' ' ',')
if [ ! -x "$root/bin/sh" ]; then
  echo "building a minimal Debian root with: $packages" >&2
  debootstrap --variant=minbase --include="$packages" bookworm "$root" http://deb.debian.org/debian >&2
fi

. scripts/env.sh
swift build -c release --product sealgate --static-swift-stdlib >&2
install -m 0755 "$(swift build -c release --show-bin-path)/sealgate" "$root/usr/local/bin/sealgate"
install -m 0755 "$(scripts/build-sidecar.sh)" "$root/usr/local/bin/sealgate-sidecar"

work="$root/smoke"
rm -rf "$work"
mkdir -p "$work/sealed" "$work/keys" "$work/out"
cp deploy/example/sealed/*.yaml "$work/sealed/"
install -m 0400 testdata/keys/current/tls.key "$work/keys/tls.key"
install -m 0444 testdata/keys/current/tls.crt "$work/keys/tls.crt"
chown -R 65532:65532 "$work"

# A container runtime mounts /proc; so does this (the Swift runtime reads the arguments from it).
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
chroot --userspec=65532:65532 "$root" /usr/local/bin/sealgate version
chroot --userspec=65532:65532 "$root" /usr/local/bin/sealgate-sidecar \
  --input /smoke/sealed --keys /smoke/keys --output /smoke/out --namespace shop --once
ls -l "$work/out/" "$work/out/db-credentials/"
echo "smoke test passed: sealgate and sealgate-sidecar ran in a Debian root with only: $packages"
