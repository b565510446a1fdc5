// sealgate · CLI

internal import ArgumentParser
internal import Foundation
internal import SealedSecrets

/// `sealgate cert`: the certificate that seals now, from the private keys or from the cluster's controller.
struct CertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Print the certificate that seals now: the newest key's, by NotBefore, or the cluster controller's (--fetch).",
        discussion: """
            With --key, the certificate of the newest of the keys. With --fetch (or any of the --controller-*, \
            --kubeconfig, --context flags), the certificate the cluster's sealed-secrets controller serves, read \
            through the API server with your kubectl, as 'kubeseal --fetch-cert' prints it.
            """
    )

    @Option(help: KeyOptions.keyHelp)
    var key: [String] = []

    @OptionGroup var controller: ControllerOptions

    @Option(
        help: ArgumentHelp("With --fetch: how long kubectl may take in all: 30s, 2m, or seconds.", valueName: "duration"))
    var requestTimeout: String = RequestTimeout.standard.text

    func validate() throws {
        if key.isEmpty, !controller.isRequested {
            throw ValidationError("pass --key with the private key(s), or --fetch to get the certificate from the cluster's controller")
        }
        if !key.isEmpty, controller.isRequested {
            throw ValidationError("--key and \(controller.given) are two sources of the certificate; pass one")
        }
        guard RequestTimeout(requestTimeout) != nil else {
            throw ValidationError("--request-timeout '\(requestTimeout)' is not a positive duration; write it as 30s, 2m or 1h")
        }
    }

    func run() async throws {
        let certificate = controller.isRequested ? try await fetched() : try newest()
        let pem = String(decoding: try certificate.pem(), as: UTF8.self)
        Terminal.out(pem.hasSuffix("\n") ? String(pem.dropLast()) : pem)
    }

    /// The controller's certificate. It is printed again from what was parsed, never as the bytes that came,
    /// so nothing but the certificate reaches standard output.
    private func fetched() async throws -> Certificate {
        let controller = controller.controller(timeout: RequestTimeout(requestTimeout) ?? .standard)
        return try await controller.fetch(searchPath: ProcessInfo.processInfo.environment["PATH"])
    }

    /// The certificate of the newest key.
    private func newest() throws -> Certificate {
        let ring = try KeyOptions.load(key)
        guard let current = ring.current, let certificate = current.certificate else {
            // A private key alone cannot give the certificate: its subject and validity are not in the key.
            let expected = key.compactMap { KeyRing.certificatePath(besideKey: $0) }
            let reason =
                expected.isEmpty
                ? "none of the keys has a certificate; keep each tls.crt next to its tls.key"
                : "no certificate found for the key (expected \(expected.joined(separator: ", "))); put the key's certificate there, since a private key alone does not hold one"
            throw SealedSecretsError(.noKeys, reason, path: key.joined(separator: ", "))
        }
        return certificate
    }
}
