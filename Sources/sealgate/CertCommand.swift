// sealgate · CLI

internal import ArgumentParser
internal import SealedSecrets

/// `sealgate cert`: the certificate that seals now.
struct CertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Print the certificate that seals now: the newest key's, by NotBefore."
    )

    @OptionGroup var keys: KeyOptions

    func run() throws {
        let ring = try keys.load()
        guard let current = ring.current, let certificate = current.certificate else {
            // A private key alone cannot give the certificate: its subject and validity are not in the key.
            let expected = keys.key.compactMap { KeyRing.certificatePath(besideKey: $0) }
            let reason =
                expected.isEmpty
                ? "none of the keys has a certificate; keep each tls.crt next to its tls.key"
                : "no certificate found for the key (expected \(expected.joined(separator: ", "))); put the key's certificate there, since a private key alone does not hold one"
            throw SealedSecretsError(.noKeys, reason, path: keys.key.joined(separator: ", "))
        }
        let pem = String(decoding: try certificate.pem(), as: UTF8.self)
        Terminal.out(pem.hasSuffix("\n") ? String(pem.dropLast()) : pem)
    }
}
