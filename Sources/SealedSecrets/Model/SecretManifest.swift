// sealgate · SealedSecrets

public import Diagnostics
public import KubeManifest

/// A plain Kubernetes Secret, read for sealing: its identity, metadata and values as raw bytes.
public struct SecretManifest: Sendable {
    /// `metadata.name`.
    public var name: String?
    /// `metadata.namespace`.
    public var namespace: String?
    /// `type`, e.g. `Opaque`.
    public var type: String?
    /// `immutable`.
    public var immutable: Bool?
    /// The metadata the SealedSecret's template keeps: labels, annotations and the rest, without what a
    /// server or `kubectl apply` added (last-applied configuration, uid, resourceVersion, owner references…).
    public var templateMetadata: Mapping
    /// The values in order, each the raw bytes of the Secret value (`data` decoded; `stringData` wins on a
    /// duplicate key, as the API server merges them).
    public var values: [(key: String, bytes: [UInt8])]
    /// Where the Secret was read from (its file and line), for messages.
    public let location: SourceLocation

    /// Annotations that would leak the plaintext (a full copy of the object) or that only a server sets.
    static let strippedAnnotations: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration",
        "kubecfg.ksonnet.io/last-applied-configuration",
    ]
    static let serverMetadata: Set<String> = [
        "uid", "resourceVersion", "creationTimestamp", "managedFields", "selfLink", "generation", "ownerReferences",
        "deletionTimestamp", "deletionGracePeriodSeconds",
    ]

    /// Reads a Secret.
    ///
    /// - Throws: ``SealedSecretsError`` `wrongKind` for any other object, `invalidInput` for a malformed
    ///   Secret (a key Kubernetes does not allow, bad base64, a value, label or annotation that is not a
    ///   string, values over
    ///   ``maxTotalSize`` together), naming the file, line and key.
    public init(_ object: KubeObject) throws(SealedSecretsError) {
        location = object.place
        guard object.kind == "Secret", object.apiVersion == "v1" else {
            throw SealedSecretsError(
                .wrongKind, "\(object.apiVersion) \(object.kind) \(object.qualifiedName) is not a Secret (v1); only Secrets can be sealed",
                at: location)
        }
        name = object.name
        namespace = object.namespace
        let root = object.root
        type = root["type"]?.string
        if let flag = root["immutable"] {
            guard case let .bool(value) = flag.value else {
                throw SealedSecretsError(.invalidInput, "'immutable' must be true or false", at: flag.location)
            }
            immutable = value
        }
        var metadata = root["metadata"]?.mapping ?? Mapping()
        try Self.checkMetadataTypes(in: metadata)
        for key in Self.serverMetadata { metadata.remove(key) }
        if var annotations = metadata["annotations"]?.mapping {
            for key in Self.strippedAnnotations { annotations.remove(key) }
            if annotations.isEmpty { metadata.remove("annotations") } else { metadata.put("annotations", .map(annotations)) }
        }
        templateMetadata = metadata

        var values: [(key: String, bytes: [UInt8])] = []
        var positions: [String: Int] = [:]
        func add(_ key: String, _ bytes: [UInt8]) {
            if let index = positions[key] {
                values[index].bytes = bytes
            } else {
                positions[key] = values.count
                values.append((key, bytes))
            }
        }
        if let data = root["data"], data.value != .null {
            guard let mapping = data.mapping else {
                throw SealedSecretsError(.invalidInput, "'data' must be a mapping of keys to base64 values", at: data.location)
            }
            for entry in mapping {
                try Self.checkKeyName(entry)
                guard let text = entry.value.string, let bytes = Base64.decode(text) else {
                    throw SealedSecretsError(
                        .invalidInput, "'data.\(entry.key)' is not valid base64; use 'stringData' for plain text",
                        at: entry.value.location)
                }
                add(entry.key, bytes)
            }
        }
        if let stringData = root["stringData"], stringData.value != .null {
            guard let mapping = stringData.mapping else {
                throw SealedSecretsError(.invalidInput, "'stringData' must be a mapping of keys to strings", at: stringData.location)
            }
            for entry in mapping {
                try Self.checkKeyName(entry)
                guard let text = entry.value.string else {
                    throw SealedSecretsError(
                        .invalidInput, "'stringData.\(entry.key)' is \(entry.value.value.typeNameWithArticle), not a string; quote it",
                        at: entry.value.location)
                }
                add(entry.key, Array(text.utf8))
            }
        }
        let total = values.reduce(0) { $0 + $1.bytes.count }
        guard total <= Self.maxTotalSize else {
            throw SealedSecretsError(.invalidInput, Self.tooLarge(total, what: "the Secret's values total"), at: location)
        }
        self.values = values
    }

    /// The most bytes the values of one Secret may hold together: the API server refuses a larger Secret
    /// (`MaxSecretSize`, 1 MiB, counted over the decoded values), so the Bitnami controller could not create
    /// it and sealing it would only give a SealedSecret that never unseals.
    public static let maxTotalSize = 1 << 20

    /// `what` (`the value is`) and, when known, the size; then why it is refused and what to do.
    static func tooLarge(_ size: Int?, what: String) -> String {
        "\(what) \(size.map { "\($0) bytes, " } ?? "")over Kubernetes' limit of \(maxTotalSize) bytes (1 MiB) for one Secret, which the API server would refuse; split the values over several Secrets, or mount large files another way"
    }

    /// Refuses a name, namespace, label or annotation that is not a string, as the API server (and kubeseal,
    /// which decodes the Secret the same way) does. Unquoted, `sealedsecrets.bitnami.com/cluster-wide: true`
    /// is a bool and `namespace: 0777` an int: read past, the first would seal with strict scope while the
    /// file says cluster-wide, the second as if there were no namespace (or for `-n`'s).
    static func checkMetadataTypes(in metadata: Mapping) throws(SealedSecretsError) {
        for field in ["name", "namespace"] {
            guard let node = metadata[field], node.value != .null, node.string == nil else { continue }
            throw SealedSecretsError(
                .invalidInput, "'metadata.\(field)' is \(node.value.typeNameWithArticle), not a string; quote it", at: node.location)
        }
        for field in ["labels", "annotations"] {
            guard let node = metadata[field], node.value != .null else { continue }
            guard let mapping = node.mapping else {
                throw SealedSecretsError(.invalidInput, "'metadata.\(field)' must be a mapping of strings", at: node.location)
            }
            for entry in mapping where entry.value.string == nil {
                throw SealedSecretsError(
                    .invalidInput,
                    "'metadata.\(field).\(entry.key)' is \(entry.value.value.typeNameWithArticle), not a string; quote it",
                    at: entry.value.location)
            }
        }
    }

    /// Refuses a key Kubernetes would refuse (see ``SecretKeyName``), pointing at the key itself.
    static func checkKeyName(_ entry: Mapping.Entry) throws(SealedSecretsError) {
        guard let problem = SecretKeyName.problem(entry.key) else { return }
        throw SealedSecretsError(
            .invalidInput, "secret key '\(entry.key)' is not valid: \(problem); \(SecretKeyName.remedy)",
            at: entry.keyLocation)
    }
}
