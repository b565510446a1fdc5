// sealgate · CLI

internal import ArgumentParser
internal import FileIO
internal import KubeManifest
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
        let sealed = try await input.loadSealedSecrets()
        let outcomes = await BlockingWork.run { Unsealer(ring: ring).open(sealed) }
        guard ValueReport.printFailures(outcomes) == 0 else { throw ExitCode.foundProblem }
        let resealed = try await BlockingWork.run { try outcomes.map { try sealer.reseal($0).node() } }
        try destination.write(resealed, mode: AtomicFile.publicMode)
    }
}
