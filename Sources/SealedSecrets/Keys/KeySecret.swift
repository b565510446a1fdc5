// sealgate · SealedSecrets

public import KubeManifest

/// A sealing key as Bitnami's controller keeps it: a `kubernetes.io/tls` Secret in the controller's
/// namespace, labelled `sealedsecrets.bitnami.com/sealed-secrets-key: active`, with the PKCS #1 private key
/// as `tls.key` and its certificate as `tls.crt`.
///
/// The controller writes one such Secret per key it generates, and seals with (and unseals with) every
/// Secret that carries the label, so applying one brings a key of your own to a cluster. ``KeyRing`` reads
/// the same Secret back, alone or in the `List` that `kubectl get secret -l
/// sealedsecrets.bitnami.com/sealed-secrets-key -o yaml` writes.
public struct KeySecret: Sendable {
    /// The label the controller finds its keys by.
    public static let label = "sealedsecrets.bitnami.com/sealed-secrets-key"
    /// The value of ``label`` on a key the controller uses (it sets `compromised` on one it must not).
    public static let activeLabelValue = "active"
    /// The Secret's type.
    public static let secretType = "kubernetes.io/tls"
    /// The start of the controller's key Secret names (its `--key-prefix`), followed by five characters.
    public static let namePrefix = "sealed-secrets-key"
    /// The `data` key that holds the private key, as PEM.
    public static let privateKeyField = "tls.key"
    /// The `data` key that holds the certificate, as PEM.
    public static let certificateField = "tls.crt"

    /// The key, with its certificate.
    public let key: SealingKey
    /// The key's certificate.
    private let certificate: Certificate
    /// The Secret's namespace: the controller's (`kube-system` in Bitnami's own manifests).
    public let namespace: String
    /// The Secret's name.
    public let name: String

    /// Describes the Secret that holds `key`.
    ///
    /// - Parameters:
    ///   - key: The key; it needs its certificate, which the controller reads from the same Secret.
    ///   - namespace: The controller's namespace.
    ///   - name: The Secret's name; by default ``namePrefix`` and five random characters, as the controller
    ///     names its own (`kubectl apply` has no `generateName`, so the name is chosen here).
    /// - Throws: ``SealedSecretsError`` `badKey` when the key has no certificate.
    public init(key: SealingKey, namespace: String, name: String = KeySecret.generatedName()) throws(SealedSecretsError) {
        guard let certificate = key.certificate else {
            throw SealedSecretsError(
                .badKey, "the key has no certificate, and a controller key Secret holds both; keep each tls.crt next to its tls.key",
                path: key.privateKey.source)
        }
        self.key = key
        self.certificate = certificate
        self.namespace = namespace
        self.name = name
    }

    /// The Secret as a manifest, ready to be written as YAML or JSON and applied with `kubectl apply`.
    ///
    /// It holds the private key: write it with mode 0600.
    ///
    /// - Throws: ``SealedSecretsError`` `crypto` when OpenSSL cannot write the key or the certificate as PEM.
    public func manifest() throws(SealedSecretsError) -> Node {
        let certificatePEM = try certificate.pem()
        let keyPEM = try key.privateKey.pkcs1PEM()
        return Node(
            .object([
                ("apiVersion", .string("v1")),
                ("kind", .string("Secret")),
                (
                    "metadata",
                    .object([
                        ("name", .string(name)),
                        ("namespace", .string(namespace)),
                        ("labels", .object([(Self.label, .string(Self.activeLabelValue))])),
                    ])
                ),
                ("type", .string(Self.secretType)),
                (
                    "data",
                    .object([
                        (Self.certificateField, .string(Base64.encode(certificatePEM))),
                        (Self.privateKeyField, .string(Base64.encode(keyPEM))),
                    ])
                ),
            ]))
    }

    /// ``namePrefix`` and five characters from the alphabet Kubernetes uses for `generateName` (no vowels,
    /// no look-alikes), as in `sealed-secrets-key7rp8h`.
    public static func generatedName() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var generator = SystemRandomNumberGenerator()
        return namePrefix + String((0..<5).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
