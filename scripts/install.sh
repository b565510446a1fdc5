#!/usr/bin/env bash
# sealgate: `make install` and `make uninstall`. Builds sealgate, its bash, zsh and fish completions (from
# swift-argument-parser) and its man page (from swift-argument-parser's generate-manual plugin), and puts
# them under $DESTDIR$PREFIX; `uninstall` removes exactly those files.
#   PREFIX         where they go (default /usr/local); bin/, share/man/man1/, share/<shell>/... under it
#   DESTDIR        prepended to PREFIX, for packagers staging a tree (default: none)
#   CONFIGURATION  release (default) or debug (the tests install a debug build: the release build is slow)
set -euo pipefail
cd "$(dirname "$0")/.."

action=${1:-install}
prefix=${PREFIX:-/usr/local}
destdir=${DESTDIR:-}
configuration=${CONFIGURATION:-release}

# What install writes, relative to $DESTDIR$PREFIX; uninstall removes these and nothing else.
files=(
  bin/sealgate
  share/man/man1/sealgate.1
  share/bash-completion/completions/sealgate
  share/zsh/site-functions/_sealgate
  share/fish/vendor_completions.d/sealgate.fish
)

fail() {
  echo "make $action: $*" >&2
  exit 2
}

case $action in install | uninstall) ;; *) fail "unknown action '$action'; use install or uninstall" ;; esac
case $prefix in /*) ;; *) fail "PREFIX='$prefix' is not an absolute path; write it as /usr/local or \$HOME/.local" ;; esac
case $configuration in release | debug) ;; *) fail "CONFIGURATION='$configuration' is neither release nor debug" ;; esac
case $destdir in '' | /*) ;; *) fail "DESTDIR='$destdir' is not an absolute path" ;; esac
root=$destdir$prefix

# Refuse before a five-minute build when the files could not be written anyway.
existing=$root
while [ ! -e "$existing" ]; do existing=$(dirname "$existing"); done
if [ ! -d "$existing" ] || [ ! -w "$existing" ]; then
  fail "cannot write under $root ($existing is not a writable directory); run it as root (sudo make $action), or pass PREFIX=\$HOME/.local"
fi

if [ "$action" = uninstall ]; then
  for file in "${files[@]}"; do
    if [ -e "$root/$file" ] || [ -L "$root/$file" ]; then
      rm -f "$root/$file"
      echo "removed $root/$file"
    fi
  done
  exit 0
fi

scripts/install-deps.sh
. scripts/env.sh

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The plugin builds every product of the package in that configuration, then writes one page per tool under
# the plugin's work directory; sealgate is taken from that same build. The page is dated by the last
# commit, so a rebuild of one commit gives the same file. A release binary carries the Swift runtime
# (-static-stdlib, as the container image's does): it runs without the toolchain, and a packager's tree
# does not point into it.
echo "building sealgate ($configuration) and writing its man page (swift-argument-parser's generate-manual)…" >&2
flags=(-c "$configuration")
[ "$configuration" = release ] && flags+=(-Xswiftc -static-stdlib)
manual=.build/plugins/GenerateManual/outputs/sealgate/sealgate.1
rm -f "$manual"
date=$(git log -1 --format=%cs 2>/dev/null || date +%Y-%m-%d)
swift package "${flags[@]}" --disable-sandbox plugin generate-manual --configuration "$configuration" --date "$date" >&2
[ -s "$manual" ] || fail "the generate-manual plugin wrote no $manual"
# A blank line inside a description is a paragraph break to us and an mdoc warning to groff: make it one.
sed 's/^$/.Pp/' "$manual" >"$stage/sealgate.1"
binary="$(swift build "${flags[@]}" --show-bin-path)/sealgate"
[ -x "$binary" ] || fail "the build left no $binary"
"$binary" --generate-completion-script bash >"$stage/sealgate.bash"
"$binary" --generate-completion-script zsh >"$stage/_sealgate"
"$binary" --generate-completion-script fish >"$stage/sealgate.fish"

# Each file is copied beside its place and renamed over it: a reader never sees half a file, and a
# sealgate that is running keeps its own copy.
put() {
  local source=$1 target=$root/$2 mode=$3
  mkdir -p "$(dirname "$target")"
  local temporary
  temporary="$(dirname "$target")/.$(basename "$target").$$"
  install -m "$mode" "$source" "$temporary"
  mv -f "$temporary" "$target"
  echo "installed $target"
}
put "$binary" bin/sealgate 0755
put "$stage/sealgate.1" share/man/man1/sealgate.1 0644
put "$stage/sealgate.bash" share/bash-completion/completions/sealgate 0644
put "$stage/_sealgate" share/zsh/site-functions/_sealgate 0644
put "$stage/sealgate.fish" share/fish/vendor_completions.d/sealgate.fish 0644

if [ -z "$destdir" ]; then
  found=$(command -v sealgate || true)
  if [ "$found" != "$prefix/bin/sealgate" ]; then
    echo "note: $prefix/bin is not first on PATH${found:+ (sealgate there is $found)}; add it: export PATH=\"$prefix/bin:\$PATH\"" >&2
  fi
fi
