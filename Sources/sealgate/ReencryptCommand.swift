// sealgate · CLI

internal import ArgumentParser
internal import FileIO
internal import SealedSecrets

/// `sealgate reencrypt`: re-seal every value to a new certificate, for key rotation.
struct ReencryptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reencrypt",
        abstract: "Re-seal every value of SealedSecrets to a new certificate (key rotation), without writing plaintext.",
        discussion: "Values keep their scope, name and namespace. Nothing is written when any value fails to open (exit 1)."
    )

    @OptionGroup var keys: KeyOptions
    @OptionGroup var certificate: CertificateOptions
    @OptionGroup var input: ManifestInputOptions

    @OptionGroup var destination: ManifestOutputOptions

    func run() async throws {
        let ring = try keys.load()
        let sealer = Sealer(certificate: try await certificate.load())
        let outcomes = Unsealer(ring: ring).open(try await input.loadSealedSecrets())
        guard ValueReport.printFailures(outcomes) == 0 else { throw ExitCode.foundProblem }
        let resealed = try outcomes.map { try sealer.reseal($0).node() }
        try destination.write(resealed, mode: AtomicFile.publicMode)
    }
}
