// sealgate · Diagnostics

/// The version of sealgate, which `sealgate --version`, `sealgate-sidecar --version`, reports and the
/// sidecar's build-info metric name.
public let sealgateVersion = "0.1.0"
