#!/usr/bin/env bash
# sealgate: tests `make install` and `make uninstall` with a debug build under a temporary PREFIX and DESTDIR:
# every file lands with its mode, sealgate runs from PATH, the man page renders (when man is installed),
# each shell reads its completion script (bash always; zsh and fish when installed), and uninstall leaves
# no file behind. Run by scripts/test.sh after the build (SwiftPM's lock on .build keeps it out of
# `swift test`); prints one closing line.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() {
  local what=$1
  shift
  if "$@" >"$work/out" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what" >&2
    sed 's/^/    /' "$work/out" >&2
  fi
}

# Bad settings are refused before anything is built.
refused() {
  local expected=$1
  shift
  ! env "$@" scripts/install.sh install >"$work/refused" 2>&1 && grep -qF -- "$expected" "$work/refused" && cat "$work/refused"
}
check "a relative PREFIX is refused" refused "is not an absolute path" PREFIX=relative
check "an unknown CONFIGURATION is refused" refused "is neither release nor debug" CONFIGURATION=fast PREFIX="$work/x"
: >"$work/file"
check "a PREFIX under a file is refused" refused "is not a writable directory" PREFIX="$work/file/under"

stage=$work/stage
prefix=/opt/sealgate
root=$stage$prefix
if ! make --no-print-directory install CONFIGURATION=debug DESTDIR="$stage" PREFIX="$prefix" >"$work/install.log" 2>&1; then
  cat "$work/install.log" >&2
  echo "FAIL: make install" >&2
  exit 1
fi

expected="bin/sealgate 755
share/bash-completion/completions/sealgate 644
share/fish/vendor_completions.d/sealgate.fish 644
share/man/man1/sealgate.1 644
share/zsh/site-functions/_sealgate 644"
listing() { (cd "$root" && find . -type f -printf '%P %m\n' | sort); }
check "install writes exactly the five files, with their modes" test "$(listing)" = "$expected"
check "nothing lands outside DESTDIR/PREFIX" test "$(cd "$stage" && find . -mindepth 1 -maxdepth 1 -printf '%P')" = opt
check "sealgate runs from PATH" env PATH="$root/bin:$PATH" sh -c '[ "$(command -v sealgate)" = "$0" ] && sealgate version' "$root/bin/sealgate"

check "bash reads the completion script, which completes sealgate" \
  bash -c 'source "$0" && complete -p sealgate' "$root/share/bash-completion/completions/sealgate"
check "bash completes the subcommands" bash -c '
  shopt -s extglob
  source "$0"
  COMP_WORDS=(sealgate se); COMP_CWORD=1; COMP_LINE="sealgate se"; COMP_POINT=${#COMP_LINE}
  _sealgate sealgate se sealgate
  printf "%s\n" "${COMPREPLY[@]}" | grep -qx seal' "$root/share/bash-completion/completions/sealgate"
if [ -f /usr/share/bash-completion/bash_completion ]; then
  check "bash-completion's loader finds it under XDG_DATA_DIRS" env XDG_DATA_DIRS="$root/share" bash -c '
    . /usr/share/bash-completion/bash_completion && __load_completion sealgate && complete -p sealgate'
fi
if command -v zsh >/dev/null; then
  check "zsh parses the completion script" zsh -n "$root/share/zsh/site-functions/_sealgate"
  check "zsh's compinit finds it in site-functions" env HOME="$work" zsh -fc '
    fpath=("$0" $fpath); autoload -Uz compinit; compinit -u -d "$HOME/zcompdump"; [ "${_comps[sealgate]}" = _sealgate ]' \
    "$root/share/zsh/site-functions"
fi
if command -v fish >/dev/null; then
  check "fish parses the completion script" fish --no-execute "$root/share/fish/vendor_completions.d/sealgate.fish"
  # fish reads vendor_completions.d under each of XDG_DATA_DIRS (Debian's fish leaves /usr/local/share out),
  # and loads a command's completions only when the command is on PATH.
  check "fish finds it in vendor_completions.d and completes the subcommands" env PATH="$root/bin:$PATH" HOME="$work" XDG_DATA_DIRS="$root/share" \
    fish -c "complete -C 'sealgate se' | grep -q '^seal'"
fi
if command -v man >/dev/null; then
  rendered() {
    MANWIDTH=100 man -l -P cat "$root/share/man/man1/sealgate.1" >"$work/man.txt" 2>"$work/man.err" || return 1
    [ ! -s "$work/man.err" ] || { cat "$work/man.err"; return 1; }
    grep -q "sealgate — Keep a GitOps repository safe to merge" "$work/man.txt" && grep -q -- "--controller-namespace" "$work/man.txt"
  }
  check "man renders the page, without warnings, with every subcommand's flags" rendered
fi

make --no-print-directory uninstall DESTDIR="$stage" PREFIX="$prefix" >"$work/uninstall.log" 2>&1
check "uninstall says what it removed" test "$(grep -c '^removed ' "$work/uninstall.log")" = 5
check "uninstall leaves no file" test -z "$(find "$stage" ! -type d)"
make --no-print-directory uninstall DESTDIR="$stage" PREFIX="$prefix" >"$work/again.log" 2>&1
check "a second uninstall has nothing to do and succeeds" test ! -s "$work/again.log"

echo "install-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
