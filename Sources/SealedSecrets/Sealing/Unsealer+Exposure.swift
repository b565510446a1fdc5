// sealgate · SealedSecrets

/// Whether a key of a ring opens one sealed value: what an audit of a leaked key needs to know. Holds no
/// plaintext and no key material.
public struct ValueExposure: Sendable, Hashable {
    /// The scope, namespace and name a value was sealed for, when that is not what its SealedSecret declares.
    public struct SealedFor: Sendable, Hashable, CustomStringConvertible {
        /// The scope it was sealed with.
        public let scope: SealingScope
        /// The namespace it was sealed for (empty for cluster-wide).
        public let namespace: String
        /// The name it was sealed for (empty unless strict).
        public let name: String

        /// `strict scope as shop/db`, `namespace-wide scope for namespace 'shop'`, `cluster-wide scope`.
        public var description: String {
            switch scope {
            case .strict: "strict scope as \(namespace)/\(name)"
            case .namespaceWide: "namespace-wide scope for namespace '\(namespace)'"
            case .clusterWide: "cluster-wide scope"
            }
        }
    }

    /// The `encryptedData` key.
    public let key: String
    /// The fingerprint (``PrivateKey/fingerprint``) of the ring key that opens the value; nil when none does.
    public let openedBy: String?
    /// When the value opens only under another label than the one its SealedSecret declares (it was moved,
    /// renamed, or its scope annotation changed): what it was sealed for. The controller cannot open it,
    /// but whoever holds the key can.
    public let sealedFor: SealedFor?

    /// Whether a key of the ring opens the value.
    public var isOpen: Bool { openedBy != nil }
}

extension Unsealer {
    /// For each value of `secret`, in `encryptedData` order, which key of the ring opens it (see
    /// ``exposure(ofValue:key:in:)``).
    public func exposure(of secret: SealedSecretManifest) -> [ValueExposure] {
        secret.encryptedData.map { exposure(ofValue: $0.value, key: $0.key, in: secret) }
    }

    /// Which key of the ring opens the sealed `value` stored under `key` in `secret`.
    ///
    /// The label the SealedSecret declares is tried first, then every other label the value could have been
    /// sealed under (each scope, for the SealedSecret's own name and namespace and for its template's):
    /// whoever holds a key can try them all, so a value the controller would refuse is still exposed. The
    /// value counts as open when its session key unwraps and its body authenticates; the plaintext that
    /// proves it is dropped at once and never returned. A value that is not base64, or too short to be
    /// sealed, opens with no key.
    ///
    /// Synchronous, on the calling thread: at most one RSA decryption per key and label.
    public func exposure(ofValue value: String, key: String, in secret: SealedSecretManifest) -> ValueExposure {
        guard let sealed = Base64.decode(value), let parts = try? HybridCipher.split(sealed) else {
            return ValueExposure(key: key, openedBy: nil, sealedFor: nil)
        }
        for (label, sealedFor) in Self.labels(of: secret) {
            for candidate in ring.keys {
                guard let sessionKey = try? HybridCipher.unwrapSessionKey(parts.wrappedKey, label: label, key: candidate.privateKey.key),
                    (try? HybridCipher.openBody(parts.body, sessionKey: sessionKey)) != nil
                else { continue }
                return ValueExposure(key: key, openedBy: candidate.privateKey.fingerprint, sealedFor: sealedFor)
            }
        }
        return ValueExposure(key: key, openedBy: nil, sealedFor: nil)
    }

    /// The labels a value of `secret` may be sealed under: the declared one first (with no ``ValueExposure/SealedFor``),
    /// then each scope for the SealedSecret's own name and namespace and for its template's, each label once.
    private static func labels(of secret: SealedSecretManifest) -> [(label: [UInt8], sealedFor: ValueExposure.SealedFor?)] {
        let namespace = secret.namespace ?? ""
        let metadata = secret.template["metadata"]?.mapping
        let identities = [
            (namespace: namespace, name: secret.name),
            (namespace: metadata?["namespace"]?.string ?? namespace, name: metadata?["name"]?.string ?? secret.name),
        ]
        var labels: [(label: [UInt8], sealedFor: ValueExposure.SealedFor?)] = [(secret.label, nil)]
        var seen: Set<[UInt8]> = [secret.label]
        for identity in identities {
            for scope in SealingScope.allCases {
                let label = scope.label(namespace: identity.namespace, name: identity.name)
                guard seen.insert(label).inserted else { continue }
                let sealedFor = ValueExposure.SealedFor(
                    scope: scope, namespace: scope == .clusterWide ? "" : identity.namespace, name: scope == .strict ? identity.name : "")
                labels.append((label, sealedFor))
            }
        }
        return labels
    }
}
