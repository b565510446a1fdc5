#!/usr/bin/env bash
# sealgate: installs the Debian packages sealgate builds against, when any is missing.
# Runs as root (as on CI and fresh machines) or through sudo; does nothing when all are present.
set -euo pipefail

packages=(pkg-config libssl-dev libyaml-dev libgit2-dev)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "sealgate needs these packages, and this system has no apt-get: ${missing[*]}" >&2
  echo "install the equivalents of libssl-dev (OpenSSL 3), libyaml-dev and libgit2-dev, then rerun" >&2
  exit 2
fi
run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    run_as_root=(sudo)
  else
    echo "sealgate needs these Debian packages: ${missing[*]}; run as root or install them: apt-get install ${missing[*]}" >&2
    exit 2
  fi
fi
echo "installing Debian packages: ${missing[*]}" >&2
"${run_as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${run_as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
