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
            throw SealedSecretsError(
                .noKeys, "none of the keys has a certificate beside it; keep each tls.crt next to its tls.key",
                place: keys.key.joined(separator: ", "))
        }
        let pem = String(decoding: try certificate.pem(), as: UTF8.self)
        Terminal.out(pem.hasSuffix("\n") ? String(pem.dropLast()) : pem)
    }
}
