// sealgate · CLI

// A conformance of a library type is visible to the whole module, so this one import is public.
public import ArgumentParser
public import SealedSecrets

/// `--scope strict|namespace-wide|cluster-wide`, from the scope's raw values.
extension SealingScope: ExpressibleByArgument {}
