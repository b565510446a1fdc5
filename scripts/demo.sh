#!/usr/bin/env bash
# sealgate: the quick-start demo: builds the CLI and runs it on the bundled example repository:
# list what is there, check it against the built-in policies, seal its plaintext Secret, check and
# verify the sealed file, and recover it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
. scripts/env.sh
echo "building sealgate…" >&2
log=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$log" "$work"' EXIT
if ! swift build --product sealgate >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
bin=$(swift build --show-bin-path)/sealgate
sealgate() { "$bin" "$@"; }
show() { echo; echo "\$ $*"; "$@"; }

show sealgate objects --verbose testdata/example-repo

# The policy check fails (exit 1) on the problems planted in the example repository; that is the point.
echo; echo "\$ sealgate check testdata/example-repo"
status=0
sealgate check testdata/example-repo || status=$?
echo "(exit status $status: 1 means findings at or above --fail-on error)"

# A private key belongs in a 0600 file: git does not keep modes, so the demo copies the test-only key.
install -m 0600 testdata/keys/current/tls.key "$work/tls.key"
cp testdata/keys/current/tls.crt "$work/tls.crt"
cd "$work" && ln -s "$OLDPWD/testdata" testdata

show sealgate seal --cert tls.crt -f testdata/example-repo/apps/payments/db-credentials.yaml -w db-credentials.sealed.yaml
echo; echo "\$ cat db-credentials.sealed.yaml    # ciphertext shortened here"
sed -E 's/^(    [a-z]+: .{40}).*/\1…/' db-credentials.sealed.yaml
show sealgate check db-credentials.sealed.yaml
show sealgate verify --key tls.key -f db-credentials.sealed.yaml
show sealgate unseal --key tls.key -f db-credentials.sealed.yaml
