// sealgate · UnsealSidecar

internal import SealedSecrets

/// Every Secret the sidecar publishes, in plaintext: secret name, then key, then the value's bytes.
///
/// One payload is one generation of the output directory (``SecretDirectoryWriter``): writing it replaces
/// all secrets at once. Secret names must be Kubernetes object names (DNS-1123 subdomains) and keys valid
/// Secret keys, because each becomes a file name (``validate()``).
///
/// The values never show in text made from a payload: its ``description``, ``debugDescription`` and mirror
/// (`dump`) list secret names, keys and sizes only.
public struct SidecarPayload: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Secret name to key to value.
    public var secrets: [String: [String: [UInt8]]]

    /// Creates a payload.
    ///
    /// - Parameter secrets: Secret name to key to value; empty publishes no secret.
    public init(secrets: [String: [String: [UInt8]]] = [:]) {
        self.secrets = secrets
    }

    /// Checks every secret name and key, in sorted order, and stops at the first that cannot become a file
    /// name.
    ///
    /// - Throws: ``SidecarError`` `invalidName` naming the secret (and the key) at fault, never a value.
    public func validate() throws(SidecarError) {
        for name in secrets.keys.sorted() {
            if let problem = SecretName.problem(name) {
                throw SidecarError(
                    .invalidName,
                    "secret name \(SecretName.quoted(name)) is not a valid Kubernetes object name: \(problem); "
                        + "\(SecretName.remedy); nothing was written")
            }
            for key in (secrets[name] ?? [:]).keys.sorted() {
                if let problem = SecretKeyName.problem(key) {
                    throw SidecarError(
                        .invalidName,
                        "secret '\(name)' key \(SecretName.quoted(key)) is not a valid Secret key: \(problem); "
                            + "\(SecretKeyName.remedy); nothing was written")
                }
            }
        }
    }

    /// `SidecarPayload(2 secrets: api (token 32 bytes), db (password 12 bytes, user 5 bytes))`: names and
    /// sizes, never a value.
    public var description: String {
        let parts = secrets.keys.sorted().map { name in
            let keys = (secrets[name] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.count) bytes" }
            return "\(name) (\(keys.isEmpty ? "no keys" : keys.joined(separator: ", ")))"
        }
        let count = secrets.count == 1 ? "1 secret" : "\(secrets.count) secrets"
        return "SidecarPayload(\(count)\(parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")))"
    }

    /// The same as ``description``: names and sizes, never a value.
    public var debugDescription: String { description }

    /// A mirror with the ``description`` as its only child, so `dump` and reflection show no value.
    public var customMirror: Mirror {
        Mirror(self, children: ["summary": description], displayStyle: .struct)
    }
}
