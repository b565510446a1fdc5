// sealgate · UnsealSidecar

public import KubeManifest

/// What a sidecar reads, where it writes, and what it may decrypt.
public struct SidecarConfiguration: Sendable {
    /// Files or directories of SealedSecret manifests (a mounted ConfigMap, a git-sync checkout).
    public var inputs: [String]
    /// Key sources, as `sealgate unseal --key` takes them: mounted key Secrets, PEM files, key backups.
    public var keys: [String]
    /// The directory the secrets are written to, in kubelet's AtomicWriter layout; the sidecar owns it.
    public var output: String
    /// The pod's namespace: a SealedSecret of another namespace is refused.
    public var namespace: String
    /// The names of the SealedSecrets to write; nil for every SealedSecret of the inputs.
    public var selection: Set<String>?
    /// The permission bits of the written files, set exactly whatever the umask.
    public var fileMode: UInt32
    /// Whether SealedSecrets sealed with cluster-wide scope may be decrypted (any namespace's copy of the
    /// key opens them, so they are refused by default).
    public var allowClusterWide: Bool
    /// Bounds on the input files.
    public var limits: LoaderLimits

    /// Creates a configuration; the defaults are the command line's.
    public init(
        inputs: [String], keys: [String], output: String, namespace: String, selection: Set<String>? = nil, fileMode: UInt32 = 0o440,
        allowClusterWide: Bool = false, limits: LoaderLimits = LoaderLimits()
    ) {
        self.inputs = inputs
        self.keys = keys
        self.output = output
        self.namespace = namespace
        self.selection = selection
        self.fileMode = fileMode
        self.allowClusterWide = allowClusterWide
        self.limits = limits
    }

    /// Why `namespace` is not a Kubernetes namespace name (an RFC 1123 label: at most 63 lowercase letters,
    /// digits and '-', starting and ending with a letter or digit), or nil when it is one.
    public static func namespaceProblem(_ namespace: String) -> String? {
        let bytes = Array(namespace.utf8)
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        if bytes.isEmpty { return "it is empty" }
        if bytes.count > 63 { return "it is \(bytes.count) characters long, over 63" }
        if !bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) {
            return "only lowercase letters, digits and '-' are allowed"
        }
        if !isAlphanumeric(bytes[0]) || !isAlphanumeric(bytes[bytes.count - 1]) { return "it must start and end with a letter or digit" }
        return nil
    }
}
