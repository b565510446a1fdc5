// sealgate · SealedSecrets

internal import Diagnostics
internal import KubeManifest

/// Seals Secrets to a certificate, as `kubeseal` does.
public struct Sealer: Sendable {
    /// The certificate values are sealed to.
    public let certificate: Certificate

    /// Creates a sealer; the caller checks the certificate first (``Certificate/validateForSealing(now:source:)``).
    public init(certificate: Certificate) {
        self.certificate = certificate
    }

    /// What the caller may say about identity and scope.
    public struct Options: Sendable {
        /// The scope; `nil` takes the Secret's own scope annotations (strict when it has none).
        public var scope: SealingScope?
        /// The name, for a Secret that has none.
        public var name: String?
        /// The namespace, for a Secret that has none.
        public var namespace: String?
        /// Whether a Secret with no values is sealed; by default it is refused, as `kubeseal` refuses it
        /// without `--allow-empty-data`: an empty Secret is most often a mistake (the values went to another
        /// document, or a key was misspelt as `date:`), and sealing it hides the mistake until a pod starts.
        public var allowEmptyData: Bool

        /// Creates options.
        public init(scope: SealingScope? = nil, name: String? = nil, namespace: String? = nil, allowEmptyData: Bool = false) {
            self.scope = scope
            self.name = name
            self.namespace = namespace
            self.allowEmptyData = allowEmptyData
        }
    }

    /// How the reason of an ``SealedSecretsError/Code/emptySecret`` error ends: what to do when the Secret
    /// is meant to be empty. A command line can name its flag instead.
    public static let emptyDataAdvice = "seal it with allowEmptyData if it is meant to be empty"

    /// Refuses a Secret with no values unless `allowed`.
    static func checkNotEmpty(_ secret: SecretManifest, allowed: Bool) throws(SealedSecretsError) {
        guard secret.values.isEmpty, !allowed else { return }
        let identity = [secret.namespace, secret.name].compactMap { $0 }.joined(separator: "/")
        let named = identity.isEmpty ? "the Secret" : "Secret \(identity)"
        throw SealedSecretsError(
            .emptySecret, "\(named) has no values in data or stringData, which is most often a mistake; \(emptyDataAdvice)",
            at: secret.location)
    }

    /// Seals every value of `secret` into a new SealedSecret.
    ///
    /// The template keeps the Secret's type, `immutable`, labels and annotations (without the last-applied
    /// configuration, which holds the plaintext); the scope is recorded with Bitnami's annotations on both
    /// the SealedSecret and its template.
    ///
    /// - Throws: ``SealedSecretsError`` `emptySecret` for a Secret with no values unless
    ///   ``Options/allowEmptyData``; `invalidInput` when the scope needs a name or namespace that neither
    ///   the Secret nor the options give, when they contradict each other, or when the name or namespace is one
    ///   Kubernetes refuses (``KubernetesName``); when the options are at fault, its
    ///   ``SealedSecretsError/argument`` says which and how.
    public func seal(_ secret: SecretManifest, options: Options = Options()) throws(SealedSecretsError) -> SealedSecretManifest {
        try Self.checkNotEmpty(secret, allowed: options.allowEmptyData)
        let identity = try Self.target(of: secret, options: options)
        let scope = identity.scope

        var templateMetadata = secret.templateMetadata
        templateMetadata.put("name", .string(identity.name))
        if let namespace = identity.namespace { templateMetadata.put("namespace", .string(namespace)) }
        var annotations = templateMetadata["annotations"]?.mapping ?? Mapping()
        annotations.remove(SealingScope.namespaceWideAnnotation)
        annotations.remove(SealingScope.clusterWideAnnotation)
        for (key, value) in scope.annotations { annotations.put(key, .string(value)) }
        if annotations.isEmpty { templateMetadata.remove("annotations") } else { templateMetadata.put("annotations", .map(annotations)) }

        var metadata = Mapping()
        metadata.put("name", .string(identity.name))
        if let namespace = identity.namespace { metadata.put("namespace", .string(namespace)) }
        if !scope.annotations.isEmpty { metadata.put("annotations", .object(scope.annotations.map { ($0.0, .string($0.1)) })) }

        var template = Mapping()
        template.put("metadata", .map(templateMetadata))
        if let type = secret.type { template.put("type", .string(type)) }
        if let immutable = secret.immutable { template.put("immutable", .bool(immutable)) }

        let label = scope.label(namespace: identity.namespace ?? "", name: identity.name)
        var encrypted: [(key: String, value: String)] = []
        for (key, bytes) in secret.values {
            encrypted.append((key, Base64.encode(try HybridCipher.seal(bytes, label: label, to: certificate.publicKey))))
        }
        return SealedSecretManifest(
            name: identity.name, namespace: identity.namespace, metadata: metadata, encryptedData: encrypted, template: template)
    }

    /// Seals one value on its own, for `seal --raw`: the base64 text to paste into `encryptedData`.
    ///
    /// - Parameter allowEmpty: whether an empty value is sealed. `kubeseal --raw` seals one without a
    ///   word, but an empty value is most often an empty pipe or file, so it is refused unless allowed, as
    ///   an empty Secret is.
    /// - Throws: ``SealedSecretsError`` `emptySecret` for an empty value unless `allowEmpty`;
    ///   `invalidInput` when the scope needs a name or namespace that is not
    ///   given, or one given is a name Kubernetes refuses (``KubernetesName``), or the value is over
    ///   ``SecretManifest/maxTotalSize``, more than any Secret may hold.
    public func sealRaw(
        _ bytes: [UInt8], scope: SealingScope, name: String?, namespace: String?, allowEmpty: Bool = false
    ) throws(SealedSecretsError) -> String {
        if bytes.isEmpty, !allowEmpty {
            throw SealedSecretsError(.emptySecret, "the value is empty, which is most often a mistake; \(Self.emptyDataAdvice)")
        }
        if scope.needsNamespace, namespace?.isEmpty ?? true {
            throw SealedSecretsError(.invalidInput, argument: .missing(.namespace, scope: scope, singleValue: true))
        }
        if scope == .strict, name?.isEmpty ?? true {
            throw SealedSecretsError(.invalidInput, argument: .missing(.name, scope: scope, singleValue: true))
        }
        try Self.checkIdentity(name: name, namespace: namespace, given: (true, true), singleValue: true, at: nil)
        guard bytes.count <= SecretManifest.maxTotalSize else {
            throw SealedSecretsError(.invalidInput, SecretManifest.tooLarge(nil, what: "the value is"))
        }
        let label = scope.label(namespace: namespace ?? "", name: name ?? "")
        return Base64.encode(try HybridCipher.seal(bytes, label: label, to: certificate.publicKey))
    }

    /// Adds or replaces the values of `secret` in `existing`, sealed for `existing`'s own name, namespace and
    /// scope; its other values, metadata and template stay as they are.
    ///
    /// - Parameter allowEmptyData: whether a `secret` with no values is merged (changing nothing), as
    ///   ``Options/allowEmptyData``; `kubeseal --merge-into` refuses one without `--allow-empty-data` too.
    /// - Throws: ``SealedSecretsError`` `emptySecret` for a Secret with no values unless `allowEmptyData`;
    ///   `invalidInput` when `existing` needs a namespace it does not have.
    public func merge(
        _ secret: SecretManifest, into existing: SealedSecretManifest, allowEmptyData: Bool = false
    ) throws(SealedSecretsError) -> SealedSecretManifest {
        try Self.checkNotEmpty(secret, allowed: allowEmptyData)
        if existing.scope.needsNamespace, existing.namespace?.isEmpty ?? true {
            throw SealedSecretsError(
                .invalidInput, "the SealedSecret has scope \(existing.scope.rawValue) but no metadata.namespace", at: existing.location)
        }
        var merged = existing
        let label = existing.label
        for (key, bytes) in secret.values {
            let sealed = Base64.encode(try HybridCipher.seal(bytes, label: label, to: certificate.publicKey))
            if let index = merged.encryptedData.firstIndex(where: { $0.key == key }) {
                merged.encryptedData[index].value = sealed
            } else {
                merged.encryptedData.append((key, sealed))
            }
        }
        return merged
    }

    /// Seals the opened values of `outcome` again, to this sealer's certificate, under the same label: the
    /// SealedSecret keeps its identity, scope and template (key rotation). Every value must have opened.
    public func reseal(_ outcome: Unsealer.Outcome) throws(SealedSecretsError) -> SealedSecretManifest {
        var resealed = outcome.sealed
        let label = outcome.sealed.label
        resealed.encryptedData = []
        for (key, result) in outcome.values {
            guard case let .success(bytes) = result else {
                throw SealedSecretsError(.decryptionFailed, "'\(key)' did not open, so it cannot be re-sealed", at: outcome.sealed.location)
            }
            resealed.encryptedData.append((key, Base64.encode(try HybridCipher.seal(bytes, label: label, to: certificate.publicKey))))
        }
        return resealed
    }

    /// What a Secret's values are sealed for: the name, namespace and scope whose label they carry.
    public struct Target: Sendable, Equatable {
        /// The SealedSecret's name.
        public let name: String
        /// The SealedSecret's namespace; nil only for a cluster-wide Secret that has none.
        public let namespace: String?
        /// The scope.
        public let scope: SealingScope
    }

    /// The name, namespace and scope ``seal(_:options:)`` seals `secret` for, checked as it checks them: a
    /// caller that picks the certificate by namespace asks this first, so the namespace is one Kubernetes
    /// allows (no `/`, no `..`) before it becomes part of a file name.
    ///
    /// - Throws: ``SealedSecretsError`` `invalidInput`, as ``seal(_:options:)`` does, when the scope needs a
    ///   name or namespace that neither the Secret nor the options give, when they contradict each other, or
    ///   when the name or namespace is one Kubernetes refuses.
    public static func target(of secret: SecretManifest, options: Options = Options()) throws(SealedSecretsError) -> Target {
        let existingAnnotations = secret.templateMetadata["annotations"]?.mapping?.stringValues ?? [:]
        let scope = options.scope ?? SealingScope(annotations: existingAnnotations)
        let identity = try identity(secret: secret, options: options, scope: scope)
        return Target(name: identity.name, namespace: identity.namespace, scope: scope)
    }

    private static func identity(
        secret: SecretManifest, options: Options, scope: SealingScope
    ) throws(SealedSecretsError)
        -> (name: String, namespace: String?)
    {
        if let given = options.namespace, let own = secret.namespace, given != own {
            throw SealedSecretsError(.invalidInput, argument: .conflicting(.namespace, given: given, own: own), at: secret.location)
        }
        if let given = options.name, let own = secret.name, given != own {
            throw SealedSecretsError(.invalidInput, argument: .conflicting(.name, given: given, own: own), at: secret.location)
        }
        guard let name = options.name ?? secret.name, !name.isEmpty else {
            throw SealedSecretsError(.invalidInput, argument: .missing(.name, scope: scope, singleValue: false), at: secret.location)
        }
        let namespace = secret.namespace ?? options.namespace
        if scope.needsNamespace, namespace?.isEmpty ?? true {
            throw SealedSecretsError(.invalidInput, argument: .missing(.namespace, scope: scope, singleValue: false), at: secret.location)
        }
        try checkIdentity(
            name: name, namespace: namespace, given: (options.name != nil, secret.namespace == nil), singleValue: false,
            at: secret.location)
        return (name, namespace)
    }

    /// Refuses a name or namespace the API server would refuse (``KubernetesName``): the value would be
    /// sealed under a label no SealedSecret that can exist in a cluster ever carries. `given` says which of
    /// the two the caller passed rather than the Secret's metadata.
    static func checkIdentity(
        name: String?, namespace: String?, given: (name: Bool, namespace: Bool), singleValue: Bool, at place: SourceLocation?
    ) throws(SealedSecretsError) {
        if let name, !name.isEmpty, let problem = KubernetesName.nameProblem(name) {
            guard given.name else {
                throw SealedSecretsError(
                    .invalidInput, "metadata.name '\(name)' is not a valid Kubernetes name: \(problem); \(KubernetesName.remedy)", at: place
                )
            }
            throw SealedSecretsError(
                .invalidInput, argument: .invalid(.name, given: name, problem: problem, singleValue: singleValue), at: place)
        }
        if let namespace, !namespace.isEmpty, let problem = KubernetesName.namespaceProblem(namespace) {
            guard given.namespace else {
                throw SealedSecretsError(
                    .invalidInput,
                    "metadata.namespace '\(namespace)' is not a valid Kubernetes namespace: \(problem); \(KubernetesName.remedy)",
                    at: place)
            }
            throw SealedSecretsError(
                .invalidInput, argument: .invalid(.namespace, given: namespace, problem: problem, singleValue: singleValue), at: place)
        }
    }
}
