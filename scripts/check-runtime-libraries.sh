#!/usr/bin/env bash
# sealgate: checks that the Containerfile's runtime stage installs every shared library the sealgate binary
# needs. The packages are those of the Containerfile's `# runtime-packages:` line (which must be the list
# its apt-get line installs), with everything they depend on and Debian's essential packages.
#
#   scripts/check-runtime-libraries.sh [BINARY]
#
# Without BINARY it builds the release binary as the Containerfile does (--static-swift-stdlib). With a
# binary of a plain build, the Swift runtime's own libraries (which the image links statically) are left out.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:-}
if [ -z "$binary" ]; then
  . scripts/env.sh
  swift build -c release --product sealgate --static-swift-stdlib >&2
  binary="$(swift build -c release --show-bin-path)/sealgate"
fi
[ -x "$binary" ] || { echo "no executable at $binary; build it first" >&2; exit 2; }

declared=$(sed -n 's/^# runtime-packages: *//p' Containerfile)
[ -n "$declared" ] || { echo "Containerfile has no '# runtime-packages:' line" >&2; exit 2; }
installed=$(awk '/^FROM docker.io\/library\/debian/ {runtime=1} runtime && /apt-get install/ {print}' Containerfile \
  | grep -o -- '--no-install-recommends .*' | sed 's/--no-install-recommends //; s/ *\\$//; s/ *&&.*//')
if [ "$(tr ' ' '\n' <<<"$declared" | sort | xargs)" != "$(tr ' ' '\n' <<<"$installed" | sort | xargs)" ]; then
  echo "Containerfile: the runtime stage installs '$installed', but '# runtime-packages:' says '$declared'; make them one list" >&2
  exit 1
fi

# Everything the runtime packages bring, and what every Debian system has.
# shellcheck disable=SC2086
available=$( (apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances \
  $declared 2>/dev/null | grep -v '^ ' | sed 's/:.*//'; \
  dpkg-query -W -f='${Package} ${Essential} ${Priority}\n' | awk '$2 == "yes" || $3 == "required" {print $1}') | sort -u)

for package in $declared; do
  grep -qx "$package" <<<"$available" \
    || { echo "apt-cache knows no package $package; run 'apt-get update' (or fix the Containerfile's list)" >&2; exit 2; }
done

swift_runtime=$(dirname "$(dirname "$(command -v swift || echo /opt/swift/usr/bin/swift)")")
status=0
while read -r library path; do
  [ -n "$path" ] || continue
  case "$(readlink -f "$path")" in
    "$swift_runtime"/*) continue ;;  # linked statically in the image (--static-swift-stdlib)
  esac
  package=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1) \
    || package=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1) || package=""
  if [ -z "$package" ]; then
    echo "$library ($path) belongs to no Debian package; the image cannot install it" >&2
    status=1
  elif ! grep -qx "$package" <<<"$available"; then
    echo "$library comes from $package, which the Containerfile's runtime stage does not install; add it to its apt-get line and '# runtime-packages:'" >&2
    status=1
  else
    echo "$library: $package"
  fi
done < <(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}')
exit $status
