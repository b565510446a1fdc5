// sealgate · KubeManifest

/// Bounds on what one input may cost to read, so hostile files fail fast and cleanly.
///
/// The defaults are far above anything a real Kubernetes repository holds; raise them for unusual inputs.
public struct LoaderLimits: Sendable, Equatable {
    /// The largest file read, in bytes. Default 32 MiB.
    public var maxFileSize: Int
    /// The deepest nesting of lists and mappings. Default 256.
    public var maxDepth: Int
    /// How many nodes aliases may add to one document when expanded ("billion laughs" guard).
    /// Default 100,000.
    public var maxAliasExpansion: Int
    /// The most documents one file may hold. Default 10,000.
    public var maxDocuments: Int

    /// Creates limits; every parameter has a sane default.
    public init(
        maxFileSize: Int = 32 << 20,
        maxDepth: Int = 256,
        maxAliasExpansion: Int = 100_000,
        maxDocuments: Int = 10_000
    ) {
        self.maxFileSize = maxFileSize
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxDocuments = maxDocuments
    }
}
