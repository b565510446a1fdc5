// sealgate · SealedSecrets

internal import Dispatch
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
public import KubeManifest
internal import Synchronization

/// Opens SealedSecrets with a key ring, on every core, and explains each value it cannot open.
public struct Unsealer: Sendable {
    /// The keys to try, newest first.
    public let ring: KeyRing

    /// Creates an unsealer.
    public init(ring: KeyRing) {
        self.ring = ring
    }

    /// Why one value did not open: what happened, and what to do. Holds no plaintext and no key material.
    public struct ValueFailure: Error, Sendable, CustomStringConvertible {
        /// The `encryptedData` key.
        public let key: String
        /// The explanation, with the keys tried (by fingerprint) and, when found, the scope, name or
        /// namespace the value was really sealed for.
        public let reason: String
        /// The failure's kind (`decryptionFailed`, `truncated`, `invalidInput`).
        public let code: SealedSecretsError.Code
        /// The scope the reason advises re-sealing the value with (the SealedSecret's own, when the value was
        /// sealed for another), in the words of ``resealAdvice(_:)``; a command line can name its flag instead.
        public let resealScope: SealingScope?

        init(key: String, reason: String, code: SealedSecretsError.Code, resealScope: SealingScope? = nil) {
            self.key = key
            self.reason = reason
            self.code = code
            self.resealScope = resealScope
        }

        /// How a reason advises re-sealing with `scope`: `re-seal it with scope strict`.
        public static func resealAdvice(_ scope: SealingScope) -> String { "re-seal it with scope \(scope.rawValue)" }

        /// `'key': reason`.
        public var description: String { "'\(key)': \(reason)" }
    }

    /// The outcome for one SealedSecret: each value's plaintext or failure, in `encryptedData` order.
    public struct Outcome: Sendable {
        /// The SealedSecret.
        public let sealed: SealedSecretManifest
        /// Each value's result.
        public let values: [(key: String, result: Result<[UInt8], ValueFailure>)]

        /// The failures, in order.
        public var failures: [ValueFailure] {
            values.compactMap { if case let .failure(f) = $0.result { f } else { nil } }
        }

        /// Creates an outcome: for a caller that opened some values itself (or remembered them from an
        /// earlier run) and the rest with ``Unsealer/open(_:)``.
        public init(sealed: SealedSecretManifest, values: [(key: String, result: Result<[UInt8], ValueFailure>)]) {
            self.sealed = sealed
            self.values = values
        }
    }

    /// Opens every value of every SealedSecret; values are spread over all cores.
    public func open(_ secrets: [SealedSecretManifest]) -> [Outcome] {
        var pending: [(secret: Int, value: Int)] = []
        for (s, secret) in secrets.enumerated() {
            for v in secret.encryptedData.indices { pending.append((s, v)) }
        }
        let jobs = pending
        let results = Mutex([Result<[UInt8], ValueFailure>?](repeating: nil, count: jobs.count))
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let job = jobs[index]
            let secret = secrets[job.secret]
            let entry = secret.encryptedData[job.value]
            let result = openValue(entry.value, key: entry.key, of: secret)
            results.withLock { $0[index] = result }
        }
        let flat = results.withLock { $0 }
        var cursor = 0
        return secrets.map { secret in
            let values = secret.encryptedData.map { entry -> (key: String, result: Result<[UInt8], ValueFailure>) in
                defer { cursor += 1 }
                return (entry.key, flat[cursor]!)
            }
            return Outcome(sealed: secret, values: values)
        }
    }

    /// Opens one base64 value of `secret`.
    func openValue(_ text: String, key: String, of secret: SealedSecretManifest) -> Result<[UInt8], ValueFailure> {
        // The Bitnami controller would open the value and then fail to create the Secret; the sidecar would
        // write the key as a file name. Neither may happen, so such a value is not opened at all.
        if let problem = SecretKeyName.problem(key) {
            return .failure(
                ValueFailure(
                    key: key, reason: "is not a valid secret key: \(problem); \(SecretKeyName.remedy) (the value need not be re-sealed)",
                    code: .invalidInput))
        }
        guard let sealed = Base64.decode(text) else {
            return .failure(
                ValueFailure(key: key, reason: "is not valid base64; it was damaged after sealing, re-seal it", code: .invalidInput))
        }
        let parts: (wrappedKey: ArraySlice<UInt8>, body: ArraySlice<UInt8>)
        do throws(SealedSecretsError) {
            parts = try HybridCipher.split(sealed)
        } catch {
            return .failure(ValueFailure(key: key, reason: error.reason + "; re-seal it", code: error.code))
        }
        let label = secret.label
        for candidate in ring.keys {
            guard let sessionKey = try? HybridCipher.unwrapSessionKey(parts.wrappedKey, label: label, key: candidate.privateKey.key) else {
                continue
            }
            do throws(SealedSecretsError) {
                return .success(try HybridCipher.openBody(parts.body, sessionKey: sessionKey))
            } catch {
                return .failure(
                    ValueFailure(
                        key: key,
                        reason: "opens with key \(candidate.privateKey.shortFingerprint) but \(error.reason); re-seal it",
                        code: error.code))
            }
        }
        let diagnosis = diagnose(parts.wrappedKey, secret: secret)
        return .failure(ValueFailure(key: key, reason: diagnosis.reason, code: .decryptionFailed, resealScope: diagnosis.resealScope))
    }

    /// Finds out why no key opened a value: most such values were sealed for another scope, name or
    /// namespace, which trying the other labels reveals.
    private func diagnose(_ wrappedKey: ArraySlice<UInt8>, secret: SealedSecretManifest) -> (reason: String, resealScope: SealingScope?) {
        let tried = ring.keys.map(\.privateKey.shortFingerprint)
        let triedText = "tried \(tried.count) key\(tried.count == 1 ? "" : "s"): \(tried.joined(separator: ", "))"
        let declared = secret.scope
        let namespace = secret.namespace ?? ""
        let templateMetadata = secret.template["metadata"]?.mapping
        var identities = [(name: secret.name, namespace: namespace)]
        let templateIdentity = (
            name: templateMetadata?["name"]?.string ?? secret.name,
            namespace: templateMetadata?["namespace"]?.string ?? namespace
        )
        if templateIdentity != identities[0] { identities.append(templateIdentity) }
        for identity in identities {
            for scope in SealingScope.allCases {
                let label = scope.label(namespace: identity.namespace, name: identity.name)
                guard label != secret.label else { continue }
                for candidate in ring.keys
                where (try? HybridCipher.unwrapSessionKey(wrappedKey, label: label, key: candidate.privateKey.key)) != nil {
                    let (reason, resealScope) = mismatch(sealedAs: scope, identity: identity, declared: declared, secret: secret)
                    return (reason + " (key \(candidate.privateKey.shortFingerprint))", resealScope)
                }
            }
        }
        return (
            "no key could decrypt it (\(triedText)); it was sealed with another key (another cluster's, or one no longer in this ring) or for a name and namespace other than this SealedSecret's; find that key, or re-seal the value",
            nil
        )
    }

    private func mismatch(
        sealedAs scope: SealingScope, identity: (name: String, namespace: String), declared: SealingScope, secret: SealedSecretManifest
    ) -> (reason: String, resealScope: SealingScope?) {
        let namespace = secret.namespace ?? ""
        let here = "\(declared.rawValue) scope as \(namespace)/\(secret.name)"
        let reseal = ValueFailure.resealAdvice(declared)
        switch scope {
        case .clusterWide:
            return (
                "was sealed with cluster-wide scope, but this SealedSecret declares \(here); add the annotation \(SealingScope.clusterWideAnnotation): \"true\" or \(reseal)",
                declared
            )
        case .namespaceWide where identity.namespace == namespace:
            return (
                "was sealed with namespace-wide scope for namespace '\(namespace)', but this SealedSecret declares \(here); add the annotation \(SealingScope.namespaceWideAnnotation): \"true\" or \(reseal)",
                declared
            )
        case .namespaceWide:
            return (
                "was sealed with namespace-wide scope for namespace '\(identity.namespace)', not '\(namespace)'; move it back to '\(identity.namespace)' or re-seal it for '\(namespace)'",
                nil
            )
        case .strict:
            if identity.namespace != namespace {
                return (
                    "was sealed for namespace '\(identity.namespace)' (as \(identity.namespace)/\(identity.name)), not '\(namespace)'; move it back or re-seal it for \(namespace)/\(secret.name)",
                    nil
                )
            }
            if identity.name != secret.name {
                return (
                    "was sealed for the name '\(identity.name)', but this SealedSecret is named '\(secret.name)'; rename it back or re-seal it",
                    nil
                )
            }
            return (
                "was sealed with strict scope as \(identity.namespace)/\(identity.name), but this SealedSecret declares \(here); remove its scope annotation or \(reseal)",
                declared
            )
        }
    }

    /// The values of the Secret a fully opened SealedSecret stands for, as ``contents(of:)`` gives them.
    ///
    /// - Throws: ``SealedSecretsError`` as ``contents(of:)``.
    public func secretData(from outcome: Outcome) throws(SealedSecretsError) -> [(key: String, value: [UInt8])] {
        try contents(of: outcome).data
    }

    /// The values of the Secret a fully opened SealedSecret stands for, as the Bitnami controller makes
    /// them: each opened value, then the template's `data` applied in order (a string is rendered as a Go
    /// template with the opened values as its dot, ``DataTemplate``, and sets its key; `null` removes one).
    ///
    /// - Throws: ``SealedSecretsError`` `template` for a template outside what ``DataTemplate`` renders or
    ///   one whose output passes Kubernetes' limit for a Secret, pointing at the action in the file where the
    ///   scalar shows it; `invalidInput` for a key Kubernetes refuses (``SecretKeyName``) or a value that is
    ///   not a string or `null`.
    public func contents(of outcome: Outcome) throws(SealedSecretsError) -> SecretContents {
        var contents = SecretContents(data: [], notices: [])
        for (key, result) in outcome.values {
            if case let .success(bytes) = result { contents.put(key, bytes) }
        }
        guard let templateData = outcome.sealed.template["data"], templateData.value != .null else { return contents }
        guard let entries = templateData.mapping else {
            throw SealedSecretsError(
                .invalidInput, "'spec.template.data' must be a mapping of keys to templates", at: templateData.location)
        }
        // The templates' dot: the opened values, before any template changes them.
        let opened = Dictionary(contents.data.map { ($0.key, $0.value) }) { _, last in last }
        // Every rendering draws on one budget: the Secret's values may not pass it together either.
        var budget = SecretManifest.maxTotalSize
        for entry in entries {
            let field = "'spec.template.data.\(entry.key)'"
            if let problem = SecretKeyName.problem(entry.key) {
                throw SealedSecretsError(
                    .invalidInput, "'spec.template.data' key '\(entry.key)' is not valid: \(problem); \(SecretKeyName.remedy)",
                    at: entry.keyLocation)
            }
            let text: String
            switch entry.value.value {
            case .null:
                contents.data.removeAll { $0.key == entry.key }
                continue
            case let .string(string):
                text = string
            default:
                throw SealedSecretsError(
                    .invalidInput, "\(field) is \(entry.value.value.typeNameWithArticle), not a string; quote it", at: entry.value.location)
            }
            let rendering: DataTemplate.Rendering
            do throws(DataTemplate.Problem) {
                rendering = try DataTemplate(parsing: text).render(opened, limit: budget)
            } catch {
                let place = error.line > 0 ? entry.value.sourceLocation(ofLine: error.line, column: error.column) : nil
                throw SealedSecretsError(.template, "\(field): \(error.reason)", at: place ?? entry.value.location)
            }
            budget -= rendering.bytes.count
            contents.put(entry.key, rendering.bytes)
            for missing in rendering.missingKeys {
                contents.notices.append(TemplateNotice(key: entry.key, missingKey: missing, location: entry.value.location))
            }
        }
        return contents
    }

    /// The Secret a fully opened SealedSecret stands for: the template's metadata, type and `immutable`,
    /// the SealedSecret's own name and namespace, and the values as `data` (``contents(of:)``).
    ///
    /// - Throws: ``SealedSecretsError`` as ``secretData(from:)``.
    public func secret(from outcome: Outcome) throws(SealedSecretsError) -> Node {
        secret(from: try contents(of: outcome), of: outcome)
    }

    /// The Secret of ``secret(from:)`` with `contents` (from ``contents(of:)``) as its values: for a caller
    /// that reads the contents' notices too.
    public func secret(from contents: SecretContents, of outcome: Outcome) -> Node {
        var data = Mapping()
        for (key, value) in contents.data { data.put(key, .string(Base64.encode(value))) }
        let template = outcome.sealed.template
        var metadata = template["metadata"]?.mapping ?? Mapping()
        metadata.put("name", .string(outcome.sealed.name))
        if let namespace = outcome.sealed.namespace { metadata.put("namespace", .string(namespace)) }
        var root = Mapping()
        root.put("apiVersion", .string("v1"))
        root.put("kind", .string("Secret"))
        root.put("metadata", .map(metadata))
        if let type = template["type"] { root.put("type", type.value) }
        if let immutable = template["immutable"] { root.put("immutable", immutable.value) }
        root.put("data", .map(data))
        return Node(.map(root))
    }
}
