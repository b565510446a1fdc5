// sealgate · SealedSecrets

/// Where a sealed value may be unsealed; it decides the OAEP label the value is sealed under.
public enum SealingScope: String, Sendable, CaseIterable {
    /// Only as the SealedSecret's own name in its own namespace (the default). Label `namespace/name`.
    case strict
    /// Under any name in the SealedSecret's namespace. Label `namespace`.
    case namespaceWide = "namespace-wide"
    /// Under any name in any namespace. Empty label.
    case clusterWide = "cluster-wide"

    /// Bitnami's annotation for namespace-wide scope.
    public static let namespaceWideAnnotation = "sealedsecrets.bitnami.com/namespace-wide"
    /// Bitnami's annotation for cluster-wide scope.
    public static let clusterWideAnnotation = "sealedsecrets.bitnami.com/cluster-wide"

    /// The scope the annotations declare: cluster-wide wins over namespace-wide; neither means strict.
    public init(annotations: [String: String]) {
        if annotations[Self.clusterWideAnnotation] == "true" {
            self = .clusterWide
        } else if annotations[Self.namespaceWideAnnotation] == "true" {
            self = .namespaceWide
        } else {
            self = .strict
        }
    }

    /// The OAEP label for a value of the SealedSecret `namespace/name`.
    public func label(namespace: String, name: String) -> [UInt8] {
        switch self {
        case .strict: Array("\(namespace)/\(name)".utf8)
        case .namespaceWide: Array(namespace.utf8)
        case .clusterWide: []
        }
    }

    /// Whether sealing needs a namespace (and, for strict, a name).
    public var needsNamespace: Bool { self != .clusterWide }

    /// The annotations that record this scope (none for strict).
    public var annotations: [(String, String)] {
        switch self {
        case .strict: []
        case .namespaceWide: [(Self.namespaceWideAnnotation, "true")]
        case .clusterWide: [(Self.clusterWideAnnotation, "true")]
        }
    }
}
