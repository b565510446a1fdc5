// sealgate · CLI

internal import Diagnostics
internal import Foundation
internal import SealedSecrets

/// What `seal` seals with: one certificate for every Secret, or one per namespace.
enum SealingCertificates: Sendable {
    /// A certificate file or URL: every Secret is sealed with it.
    case single(Certificate)
    /// A directory: each Secret is sealed with `DIR/<its namespace>.crt`.
    case perNamespace(CertificateDirectory)
}

/// `seal --cert DIR`: one certificate per namespace, `DIR/<namespace>.crt`, each the certificate of a key
/// that opens only its own namespace's SealedSecrets (the key `keygen --namespace NS --secret-manifest`
/// writes as a Secret of that namespace, for sealgate's sidecar there).
///
/// Each certificate is read and checked for sealing once, when the first value of its namespace comes. A
/// cluster-wide value has no namespace to pick a certificate by, and sealed with one namespace's it would
/// open only there: it is refused, and the user is sent to a single certificate every namespace shares.
struct CertificateDirectory: Sendable {
    /// The directory, as the user gave it.
    let path: String
    /// How messages name where the directory came from: `--cert certs`, `SEALGATE_CERT=certs` or
    /// `SEALED_SECRETS_CERT=certs`.
    let named: String
    /// The sealers read so far, by namespace.
    private var sealers: [String: Sealer] = [:]

    /// The directory at `path`, which the user gave as `named`.
    init(path: String, named: String) {
        self.path = path
        self.named = named
    }

    /// Where the certificate of `namespace` is expected.
    func certificatePath(for namespace: String) -> String {
        (path as NSString).appendingPathComponent("\(namespace).crt")
    }

    /// Why a cluster-wide value cannot be sealed with a directory, and what to do instead.
    var clusterWideProblem: String {
        "a cluster-wide value must be sealed with one certificate that every namespace shares, not with one namespace's from \(named); pass that certificate as a file"
    }

    /// Seals `secret` with the certificate of its namespace (its own, else `options.namespace`).
    ///
    /// - Throws: ``SealedSecretsError``: `invalidInput` when the Secret has no namespace or is cluster-wide,
    ///   `io` when its namespace has no certificate here, and what ``Sealer/seal(_:options:)`` and reading a
    ///   certificate throw.
    mutating func seal(_ secret: SecretManifest, options: Sealer.Options) throws(SealedSecretsError) -> SealedSecretManifest {
        let target: Sealer.Target
        do {
            target = try Sealer.target(of: secret, options: options)
        } catch {
            // The library would offer cluster-wide scope, which a directory cannot seal.
            guard case .missing(.namespace, _, false)? = error.argument else { throw error }
            throw SealedSecretsError(
                .invalidInput,
                "Secret \(secret.name ?? options.name ?? "") has no namespace, and \(named) seals each Secret with its namespace's certificate (\(certificatePath(for: "<namespace>"))); set metadata.namespace or pass --namespace",
                at: secret.location)
        }
        let shown = "\(target.namespace.map { "\($0)/" } ?? "")\(target.name)"
        guard target.scope != .clusterWide, let namespace = target.namespace else {
            throw SealedSecretsError(
                .invalidInput,
                "Secret \(shown) has cluster-wide scope, and \(clusterWideProblem), or seal with --scope strict or namespace-wide",
                at: secret.location)
        }
        return try sealer(for: namespace, sealing: "Secret \(shown) is in namespace \(namespace)", at: secret.location).seal(
            secret, options: options)
    }

    /// The sealer for adding values to `existing` (`seal --merge-into`): its namespace's certificate, since
    /// the values are sealed for its name, namespace and scope.
    ///
    /// - Parameter file: The file `existing` was read from, for messages when it has no place of its own.
    /// - Throws: ``SealedSecretsError`` `invalidInput` when `existing` is cluster-wide or has no namespace, and
    ///   what ``sealer(for:sealing:at:)`` throws.
    mutating func sealer(merging existing: SealedSecretManifest, file: String) throws(SealedSecretsError) -> Sealer {
        let place = existing.location ?? SourceLocation(path: file)
        let shown = "\(existing.namespace.map { "\($0)/" } ?? "")\(existing.name)"
        guard existing.scope != .clusterWide else {
            throw SealedSecretsError(.invalidInput, "SealedSecret \(shown) has cluster-wide scope, and \(clusterWideProblem)", at: place)
        }
        guard let namespace = existing.namespace, !namespace.isEmpty else {
            throw SealedSecretsError(
                .invalidInput,
                "SealedSecret \(shown) has no metadata.namespace, and \(named) seals with its namespace's certificate (\(certificatePath(for: "<namespace>"))); set its metadata.namespace",
                at: place)
        }
        return try sealer(for: namespace, sealing: "SealedSecret \(shown) is in namespace \(namespace)", at: place)
    }

    /// The sealer of `namespace`'s certificate, read and checked for sealing the first time it is asked for.
    ///
    /// - Parameters:
    ///   - namespace: The namespace; one Kubernetes refuses is refused before it becomes part of a path.
    ///   - subject: What is being sealed and for which namespace, for messages: `Secret shop/db is in namespace shop`.
    ///   - place: Where `subject` was read, when it was.
    /// - Throws: ``SealedSecretsError`` `io` when the certificate file does not exist, naming it and how to
    ///   make it; what reading and checking a certificate throws otherwise, at the certificate's path.
    mutating func sealer(for namespace: String, sealing subject: String, at place: SourceLocation?) throws(SealedSecretsError) -> Sealer {
        if let sealer = sealers[namespace] { return sealer }
        if let problem = KubernetesName.namespaceProblem(namespace) {
            throw SealedSecretsError(
                .invalidInput, "namespace '\(namespace)' is not a valid Kubernetes namespace: \(problem); \(KubernetesName.remedy)",
                at: place)
        }
        let file = certificatePath(for: namespace)
        guard FileManager.default.fileExists(atPath: file) else {
            throw SealedSecretsError(
                .io,
                "\(subject), and \(file) does not exist; create the namespace's key with 'sealgate keygen --namespace \(namespace) --out DIR --secret-manifest FILE' and copy DIR/tls.crt to \(file), or write the certificate of a key it has with 'sealgate cert --key KEYS > \(file)'",
                at: place)
        }
        let certificate = try Certificate(pem: try CertificateOptions.readFile(file), source: file)
        try certificate.validateForSealing(source: file)
        let sealer = Sealer(certificate: certificate)
        sealers[namespace] = sealer
        return sealer
    }
}
