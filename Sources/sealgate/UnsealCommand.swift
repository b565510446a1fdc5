// sealgate · CLI

internal import ArgumentParser
internal import Diagnostics
internal import FileIO
internal import KubeManifest
internal import SealedSecrets

/// `sealgate unseal`: recovery, SealedSecrets back to Secrets with the private keys.
struct UnsealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unseal",
        abstract: "Decrypt SealedSecrets back into Secrets with the private keys (recovery).",
        discussion: """
            Every key of the ring is tried for every value. The output holds plaintext: a file given \
            with -w is written with mode 0600, atomically. Nothing is written when any value fails; the \
            failures are explained on standard error and the exit code is 1.

            spec.template.data is applied as the Bitnami controller applies it: {{ .key }}, \
            {{ index . "key" }}, string constants, comments and trim markers are rendered, and any other Go \
            template action is refused (exit 2) naming the template and the action.
            """
    )

    @OptionGroup var keys: KeyOptions
    @OptionGroup var input: ManifestInputOptions

    @OptionGroup var destination: ManifestOutputOptions

    func run() async throws {
        let ring = try keys.load()
        let sealed = try await input.loadSealedSecrets()
        let unsealer = Unsealer(ring: ring)
        let outcomes = await BlockingWork.run { unsealer.open(sealed) }
        guard ValueReport.printFailures(outcomes) == 0 else { throw ExitCode.foundProblem }
        var secrets: [Node] = []
        for outcome in outcomes {
            let contents = try unsealer.contents(of: outcome)
            for notice in contents.notices { Terminal.error(notice.description) }
            secrets.append(unsealer.secret(from: contents, of: outcome))
        }
        try destination.write(secrets, mode: AtomicFile.privateMode)
    }
}

/// One line per value that did not open.
enum ValueReport {
    /// Prints each failure as `path:line:column: error: SealedSecret namespace/name: 'key' reason`, pointing at
    /// the value's own line, and returns how many. The name, namespace and key come from the input, and a
    /// line break in one would start a forged line of output, so each failure is made one line first.
    static func printFailures(_ outcomes: [Unsealer.Outcome]) -> Int {
        var count = 0
        for outcome in outcomes {
            let sealed = outcome.sealed
            let identity = sealed.namespace.map { "\($0)/\(sealed.name)" } ?? sealed.name
            for failure in outcome.failures {
                let place = (sealed.valueLocations[failure.key] ?? sealed.location).map(\.description) ?? "-"
                let reason = ErrorHints.reason(for: failure)
                Terminal.error(TerminalText.oneLine("\(place): error: SealedSecret \(identity): '\(failure.key)': \(reason)"))
                count += 1
            }
        }
        return count
    }
}
