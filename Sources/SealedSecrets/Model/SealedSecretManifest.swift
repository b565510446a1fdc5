// sealgate · SealedSecrets

public import Diagnostics
public import KubeManifest

/// A Bitnami `SealedSecret` (`bitnami.com/v1alpha1`): identity, scope, sealed values and the template of
/// the Secret it unseals to.
public struct SealedSecretManifest: Sendable {
    /// The API version sealgate reads and writes.
    public static let apiVersion = "bitnami.com/v1alpha1"

    /// `metadata.name`; with the namespace and scope it decides the label every value is sealed under.
    public var name: String
    /// `metadata.namespace`, or when it is missing (kustomize adds it at build time) the template's.
    public var namespace: String?
    /// The SealedSecret's own metadata (name, namespace, annotations with the scope, labels).
    public var metadata: Mapping
    /// `spec.encryptedData`: each key's sealed value in base64, in order.
    public var encryptedData: [(key: String, value: String)]
    /// `spec.template`: metadata, type, immutable and (Bitnami's templating) data of the Secret to create.
    public var template: Mapping
    /// Where it was read from (its file and line), for messages; `nil` for one built here.
    public let location: SourceLocation?
    /// Where each `encryptedData` value was read from (file, line and column), so a failure points at its
    /// line.
    public let valueLocations: [String: SourceLocation]

    /// The scope its own annotations declare; decryption uses this, as Bitnami's controller does.
    public var scope: SealingScope {
        SealingScope(annotations: metadata["annotations"]?.mapping?.stringValues ?? [:])
    }

    /// The OAEP label of every value.
    public var label: [UInt8] { scope.label(namespace: namespace ?? "", name: name) }

    /// Builds a SealedSecret.
    public init(name: String, namespace: String?, metadata: Mapping, encryptedData: [(key: String, value: String)], template: Mapping) {
        self.name = name
        self.namespace = namespace
        self.metadata = metadata
        self.encryptedData = encryptedData
        self.template = template
        self.location = nil
        self.valueLocations = [:]
    }

    /// Reads a SealedSecret.
    ///
    /// - Throws: ``SealedSecretsError`` `wrongKind` for another kind, `invalidInput` for a malformed one (among
    ///   them a name or namespace Kubernetes refuses, see ``KubernetesName``).
    public init(_ object: KubeObject) throws(SealedSecretsError) {
        let place = object.place
        self.location = place
        guard object.kind == "SealedSecret", object.group == "bitnami.com" else {
            throw SealedSecretsError(
                .wrongKind, "\(object.apiVersion) \(object.kind) \(object.qualifiedName) is not a SealedSecret (\(Self.apiVersion))",
                at: place)
        }
        guard let name = object.name, !name.isEmpty else {
            throw SealedSecretsError(.invalidInput, "the SealedSecret has no metadata.name", at: place)
        }
        self.name = name
        metadata = object.root["metadata"]?.mapping ?? Mapping()
        // An unquoted scope annotation (`cluster-wide: true`) would be read as strict.
        try SecretManifest.checkMetadataTypes(in: metadata)
        let spec = object.root["spec"]?.mapping ?? Mapping()
        // A repository that leaves the namespace to kustomize has none in metadata; kubeseal writes the
        // namespace it sealed for into the template too, and the label must use that one.
        namespace = object.namespace ?? spec["template"]?["metadata"]?["namespace"]?.string
        // The API server refuses such a SealedSecret, so no controller ever opens it; and its name would be
        // printed in every message about its values.
        if let problem = KubernetesName.nameProblem(name) {
            throw SealedSecretsError(
                .invalidInput, "the SealedSecret's metadata.name is not a valid Kubernetes name: \(problem); \(KubernetesName.remedy)",
                at: place)
        }
        if let namespace, !namespace.isEmpty, let problem = KubernetesName.namespaceProblem(namespace) {
            throw SealedSecretsError(
                .invalidInput, "the SealedSecret's namespace is not a valid Kubernetes namespace: \(problem); \(KubernetesName.remedy)",
                at: place)
        }
        if spec["data"] != nil, spec["encryptedData"] == nil {
            throw SealedSecretsError(
                .invalidInput,
                "this SealedSecret uses the deprecated single-blob 'spec.data' format; re-seal it with 'kubeseal' or 'sealgate seal' to get 'spec.encryptedData'",
                at: place)
        }
        var values: [(key: String, value: String)] = []
        var places: [String: SourceLocation] = [:]
        if let data = spec["encryptedData"], data.value != .null {
            guard let mapping = data.mapping else {
                throw SealedSecretsError(.invalidInput, "'spec.encryptedData' must be a mapping", at: data.location)
            }
            for entry in mapping {
                guard let text = entry.value.string else {
                    throw SealedSecretsError(
                        .invalidInput, "'spec.encryptedData.\(entry.key)' is \(entry.value.value.typeNameWithArticle), not a base64 string",
                        at: entry.value.location)
                }
                values.append((entry.key, text))
                places[entry.key] = entry.value.location
            }
        }
        encryptedData = values
        valueLocations = places
        template = spec["template"]?.mapping ?? Mapping()
    }

    /// The object as a tree, in the layout `kubeseal` writes (encrypted keys sorted).
    public func node() -> Node {
        var spec = Mapping()
        let sortedData = encryptedData.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        spec.put("encryptedData", .object(sortedData.map { ($0.key, .string($0.value)) }))
        spec.put("template", .map(template))
        var root = Mapping()
        root.put("apiVersion", .string(Self.apiVersion))
        root.put("kind", .string("SealedSecret"))
        root.put("metadata", .map(metadata))
        root.put("spec", .map(spec))
        return Node(.map(root))
    }
}
