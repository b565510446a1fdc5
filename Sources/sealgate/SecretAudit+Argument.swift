// sealgate · CLI

// A conformance of a library type is visible to the whole module, so these imports are public.
public import ArgumentParser
public import SecretAudit

/// `audit -o text|json`.
extension AuditFormat: ExpressibleByArgument {}
