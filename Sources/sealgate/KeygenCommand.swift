// sealgate · CLI

internal import ArgumentParser
internal import FileIO
internal import Foundation
internal import KubeManifest
internal import KubernetesValues
internal import SealedSecrets

/// `sealgate keygen`: a new sealing key and its self-signed certificate.
struct KeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate an RSA sealing key and a self-signed certificate (tls.key, tls.crt).",
        discussion: """
            DIR/tls.key is written with mode 0600. --secret-manifest also writes the key as a key Secret of \
            --namespace (type kubernetes.io/tls, labelled sealedsecrets.bitnami.com/sealed-secrets-key: active \
            and sealgate.dev/sealing-key: active), ready for 'kubectl apply': in the controller's namespace the \
            Bitnami controller seals and unseals with it; in an application namespace sealgate's sidecar unseals \
            that namespace's SealedSecrets with it (seal them with 'sealgate seal --cert DIR', DIR holding \
            <namespace>.crt).
            """
    )

    @Option(help: ArgumentHelp("Directory to write tls.key and tls.crt into (created if missing).", valueName: "dir"))
    var out: String

    @Option(help: "RSA key size in bits (2048 to 16384).")
    var bits = 4096

    @Option(help: "Days the certificate is valid.")
    var days = 3650

    @Option(help: ArgumentHelp("The certificate's common name.", valueName: "name"))
    var cn = "sealed-secret"

    @Option(help: ArgumentHelp("Also write the key as a Bitnami controller key Secret manifest (mode 0600).", valueName: "file"))
    var secretManifest: String?

    @Option(
        name: .shortAndLong,
        help:
            "The namespace the key belongs to: the controller's, or an application namespace for the sidecar (the key Secret's namespace).")
    var namespace = "kube-system"

    @Option(
        help: ArgumentHelp(
            "The key Secret's name (default: sealed-secrets-key and a random suffix, as the controller names its keys; the sidecar's deploy/ mounts sealgate-key).",
            valueName: "name"))
    var secretName: String?

    @Flag(help: "Replace an existing tls.key.")
    var force = false

    func validate() throws {
        // Before the directory is made and the key generated (seconds for 4096 bits).
        if let problem = SealingKey.parameterProblem(bits: bits, days: days, commonName: cn) {
            throw ValidationError(ErrorHints.reason(for: problem))
        }
        if let secretName {
            guard secretManifest != nil else {
                throw ValidationError("--secret-name names the Secret of --secret-manifest; pass --secret-manifest FILE too")
            }
            guard KubernetesFormat.dns1123Subdomain.validate(secretName).isEmpty else {
                throw ValidationError(
                    "--secret-name '\(secretName)' is not a Kubernetes object name (lowercase letters, digits, '-' and '.', at most 253)")
            }
        }
    }

    func run() async throws {
        let keyPath = (out as NSString).appendingPathComponent("tls.key")
        let certPath = (out as NSString).appendingPathComponent("tls.crt")
        if !force, FileManager.default.fileExists(atPath: keyPath) {
            throw ValidationError(
                "\(keyPath) already exists; pass --force to replace it (the old key can no longer unseal anything sealed to it)")
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw SealedSecretsError(.io, "cannot create the directory", path: out)
        }
        // Seconds of work for 4096 bits, off the cooperative pool.
        let key = try await BlockingWork.run { () throws(SealedSecretsError) in
            try SealingKey.generate(bits: bits, days: days, commonName: cn)
        }
        let certificate = key.certificate!
        let keyPEM = try key.privateKey.pkcs1PEM()
        let certPEM = try certificate.pem()
        // Write every file before replacing any, so a failure (a full disk) never leaves a new certificate
        // beside the old key.
        var files = [
            try AtomicFile.prepare(keyPEM, for: keyPath, mode: AtomicFile.privateMode),
            try AtomicFile.prepare(certPEM, for: certPath, mode: AtomicFile.publicMode),
        ]
        if let secretManifest {
            let manifest = try KeySecret(key: key, namespace: namespace, name: secretName ?? KeySecret.generatedName()).manifest()
            files.append(try AtomicFile.prepare(Array(YAMLEmitter.emit(manifest).utf8), for: secretManifest, mode: AtomicFile.privateMode))
        }
        let outcomes = try files.map { file throws(FileIOError) in try file.commit() }
        ManifestOutput.warnIfReadable(outcomes[0], holding: "a private key")
        if outcomes.count > 2 { ManifestOutput.warnIfReadable(outcomes[2], holding: "a private key") }
        let keyMode = String(outcomes[0].mode ?? AtomicFile.privateMode, radix: 8)
        let until = ISO8601DateFormatter.string(from: certificate.notAfter, timeZone: .gmt, formatOptions: [.withFullDate])
        Terminal.out("wrote \(keyPath) (RSA \(bits), mode 0\(keyMode)) and \(certPath) (valid until \(until))")
        Terminal.out("fingerprint \(key.privateKey.fingerprint)")
        if let secretManifest {
            let secretMode = String(outcomes[2].mode ?? AtomicFile.privateMode, radix: 8)
            Terminal.out("wrote \(secretManifest) (mode 0\(secretMode)): kubectl apply -f \(secretManifest)")
        }
    }
}
