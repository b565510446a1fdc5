// sealgate · CLI

internal import ArgumentParser
internal import Diagnostics
internal import KubeManifest
internal import SealedSecrets

/// `sealgate verify`: does every sealed value open with these keys?
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that every value of every SealedSecret decrypts with the keys; one line per value that does not.",
        discussion:
            "Exit 0 when every value decrypts, 1 when one does not or a SealedSecret is malformed (the others are still checked). Directories are searched like 'sealgate objects'; objects that are not SealedSecrets are ignored."
    )

    @OptionGroup var keys: KeyOptions
    @OptionGroup var input: ManifestInputOptions

    func run() async throws {
        let ring = try keys.load()
        // A malformed SealedSecret is a problem found, like a value that does not open: report it and go on
        // with the others, so one broken file does not hide the state of the rest.
        var sealed: [SealedSecretManifest] = []
        var malformed = 0
        for object in try await input.loadObjects() where object.kind == "SealedSecret" {
            do {
                sealed.append(try SealedSecretManifest(object))
            } catch {
                Terminal.error(Terminal.describe(error))
                malformed += 1
            }
        }
        guard !sealed.isEmpty || malformed > 0 else {
            throw SealedSecretsError(.wrongKind, "no SealedSecret found in \(input.paths.joined(separator: ", "))")
        }
        let outcomes = await BlockingWork.run { [sealed] in Unsealer(ring: ring).open(sealed) }
        let failures = ValueReport.printFailures(outcomes)
        let total = outcomes.reduce(0) { $0 + $1.values.count }
        if malformed > 0 {
            Terminal.error("\(malformed) SealedSecret\(malformed == 1 ? " is" : "s are") malformed")
        }
        if failures > 0 {
            Terminal.error(
                "\(failures) of \(TerminalText.counted(total, "value")) in \(TerminalText.counted(outcomes.count, "SealedSecret")) \(failures == 1 ? "does" : "do") not decrypt"
            )
        }
        if failures > 0 || malformed > 0 { throw ExitCode.foundProblem }
        let values = total == 1 ? "the 1 value" : "all \(total) values"
        Terminal.out(
            "ok: \(values) in \(TerminalText.counted(outcomes.count, "SealedSecret")) \(total == 1 ? "decrypts" : "decrypt") with \(TerminalText.counted(ring.keys.count, "key"))"
        )
    }
}
