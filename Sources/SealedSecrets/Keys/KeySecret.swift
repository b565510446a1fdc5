// sealgate · SealedSecrets

public import KubeManifest

/// A sealing key as Bitnami's controller keeps it: a `kubernetes.io/tls` Secret labelled
/// `sealedsecrets.bitnami.com/sealed-secrets-key: active`, with the PKCS #1 private key as `tls.key` and
/// its certificate as `tls.crt`; it also carries `sealgate.dev/sealing-key: active`, the label sealgate's
/// sidecar finds a namespace's key by.
///
/// In the controller's namespace the controller seals with (and unseals with) every Secret that carries
/// its label, so applying one brings a key of your own to a cluster. In an application namespace the same
/// Secret is the key that namespace's sidecar unseals with, and only that namespace's SealedSecrets are
/// sealed to it. ``KeyRing`` reads the Secret back, alone or in the `List` that `kubectl get secret -l
/// sealedsecrets.bitnami.com/sealed-secrets-key -o yaml` (or `-l sealgate.dev/sealing-key`) writes.
public struct KeySecret: Sendable {
    /// The label the controller finds its keys by.
    public static let label = "sealedsecrets.bitnami.com/sealed-secrets-key"
    /// The label sealgate's sidecar finds its namespace's key by.
    public static let sealgateLabel = "sealgate.dev/sealing-key"
    /// The value of ``label`` (and ``sealgateLabel``) on a key in use (the controller sets `compromised` on
    /// one it must no longer seal with).
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
    /// The namespace the key belongs to: the controller's (`kube-system` in Bitnami's own manifests), or
    /// the application namespace whose sidecar unseals with it.
    public let namespace: String
    /// The Secret's name.
    public let name: String

    /// Describes the Secret that holds `key`.
    ///
    /// - Parameters:
    ///   - key: The key; it needs its certificate, which the controller reads from the same Secret.
    ///   - namespace: The namespace the key belongs to: the controller's, or an application namespace.
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
                        (
                            "labels",
                            .object([(Self.label, .string(Self.activeLabelValue)), (Self.sealgateLabel, .string(Self.activeLabelValue))])
                        ),
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
