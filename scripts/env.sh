# sealgate: sourced by the scripts; puts the Swift toolchain on PATH where a login shell would.
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "swift is not on PATH; install Swift 6.1 or newer (https://www.swift.org/install/)" >&2
  exit 2
fi
