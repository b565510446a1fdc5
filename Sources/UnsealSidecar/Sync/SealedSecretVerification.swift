// sealgate · UnsealSidecar

internal import Diagnostics
internal import KubeManifest
internal import SealedSecrets

/// Whether a SealedSecret would open here, asked before it is committed (`POST /v1/verify`): each value
/// opened with the sidecar's keys under the sidecar's namespace rules, and the plaintext dropped at once.
/// The answer names SealedSecrets, keys and reasons; never a value.
public enum SealedSecretVerification {
    /// The answer for one value.
    public struct Value: Sendable, Equatable {
        /// The SealedSecret, as `namespace/name`.
        public let secret: String
        /// The `encryptedData` key.
        public let key: String
        /// Why it would not open here; nil when it opens.
        public let problem: String?
    }

    /// The answer for a document: every value of every SealedSecret in it.
    public struct Report: Sendable, Equatable {
        /// Each value, in document order.
        public let values: [Value]
        /// Problems with the document itself or with a whole SealedSecret (another namespace, cluster-wide).
        public let problems: [String]

        /// Whether everything opens here.
        public var opens: Bool { problems.isEmpty && !values.isEmpty && values.allSatisfy { $0.problem == nil } }
    }

    /// Opens every value of every SealedSecret in `bytes` (YAML or JSON) with `keys`, under `configuration`'s
    /// namespace and scope rules.
    ///
    /// Blocking (RSA): call it off Swift's cooperative pool.
    public static func verify(_ bytes: [UInt8], keys: SidecarKeys, configuration: SidecarConfiguration) -> Report {
        let documents: [Document]
        do throws(ManifestError) {
            documents = try bytes.withUnsafeBytes { raw in
                Result { () throws(ManifestError) in
                    try ManifestParser.documents(in: raw, file: SourceFile(path: "request"), limits: configuration.limits)
                }
            }.get()
        } catch {
            return Report(values: [], problems: ["the body is not a YAML or JSON manifest: \(error)"])
        }
        var problems: [String] = []
        var sealed: [SealedSecretManifest] = []
        for object in documents.flatMap({ KubeObject.objects(in: $0).objects }) {
            guard object.kind == "SealedSecret", object.group == "bitnami.com" else {
                problems.append("\(object.kind) \(object.name ?? "(no name)") is not a SealedSecret (bitnami.com/v1alpha1)")
                continue
            }
            do throws(SealedSecretsError) {
                var manifest = try SealedSecretManifest(object)
                let namespace = manifest.namespace ?? configuration.namespace
                manifest.namespace = namespace
                if namespace != configuration.namespace {
                    problems.append(
                        "SealedSecret \(namespace)/\(manifest.name) belongs to another namespace than '\(configuration.namespace)'")
                } else if manifest.scope == .clusterWide, !configuration.allowClusterWide {
                    problems.append("SealedSecret \(namespace)/\(manifest.name) is sealed cluster-wide, which this sidecar refuses")
                } else {
                    sealed.append(manifest)
                }
            } catch {
                problems.append(error.reason)
            }
        }
        if sealed.isEmpty, problems.isEmpty { problems.append("the body holds no SealedSecret") }
        let values = Unsealer(ring: keys.ring).open(sealed).flatMap { outcome in
            outcome.values.map { entry -> Value in
                let secret = "\(outcome.sealed.namespace ?? configuration.namespace)/\(outcome.sealed.name)"
                switch entry.result {
                case .success: return Value(secret: secret, key: entry.key, problem: nil)
                case let .failure(failure): return Value(secret: secret, key: entry.key, problem: failure.reason)
                }
            }
        }
        return Report(values: values, problems: problems)
    }
}
