// sealgate · CLI

internal import ArgumentParser
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The version of sealgate itself.
let sealgateVersion = "0.1.0"

@main
struct Sealgate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sealgate",
        abstract: "Keep a GitOps repository safe to merge: seal Secrets, check manifests, unseal in the cluster.",
        discussion: """
            Exit codes: 0 the command did its job and found nothing wrong; 1 it found a problem; \
            2 the invocation or an input was unusable (bad flag, missing file, unparsable manifest).
            """,
        version: sealgateVersion,
        subcommands: [
            SealCommand.self, UnsealCommand.self, ReencryptCommand.self, VerifyCommand.self, KeygenCommand.self,
            CertCommand.self, CheckCommand.self, PoliciesCommand.self, PolicyCommand.self, CELCommand.self, ObjectsCommand.self,
            VersionCommand.self,
        ]
    )

    /// Runs the command, mapping every failure to DESIGN.md's exit codes: argument-parser would exit 64 for a
    /// usage error, and sealgate promises 2.
    static func main() async {
        Signals.removeTemporaryFilesOnInterrupt()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success {
                exit(withError: error)  // --help and --version print to stdout and exit 0
            }
            if exitCode(for: error) == .validationFailure {
                Terminal.error(fullMessage(for: error))
            } else {
                Terminal.error(Terminal.describe(error))
            }
            Glibc.exit(ExitCode.unusableInput.rawValue)
        }
    }
}

extension ExitCode {
    /// The command found a problem (a violation, a value it could not decrypt).
    static let foundProblem = ExitCode(1)
    /// The invocation or an input it was given is unusable.
    static let unusableInput = ExitCode(2)
}
