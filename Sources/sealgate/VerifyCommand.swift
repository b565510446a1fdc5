// sealgate · CLI

internal import ArgumentParser
internal import SealedSecrets

/// `sealgate verify`: does every sealed value open with these keys?
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that every value of every SealedSecret decrypts with the keys; one line per value that does not.",
        discussion: "Exit 0 when every value decrypts, 1 otherwise. Directories are searched like 'sealgate objects'; objects that are not SealedSecrets are ignored."
    )

    @OptionGroup var keys: KeyOptions
    @OptionGroup var input: ManifestInputOptions

    func run() async throws {
        let ring = try keys.load()
        let outcomes = Unsealer(ring: ring).open(try await input.loadSealedSecrets())
        let failures = ValueReport.printFailures(outcomes)
        let total = outcomes.reduce(0) { $0 + $1.values.count }
        let plural = outcomes.count == 1 ? "" : "s"
        if failures > 0 {
            Terminal.error("\(failures) of \(total) values in \(outcomes.count) SealedSecret\(plural) do not decrypt")
            throw ExitCode.foundProblem
        }
        Terminal.out("ok: all \(total) values in \(outcomes.count) SealedSecret\(plural) decrypt with \(ring.keys.count) key\(ring.keys.count == 1 ? "" : "s")")
    }
}
