// sealgate · CLI

internal import ArgumentParser
internal import Diagnostics

@main
struct Sealgate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sealgate",
        abstract: "Keep a GitOps repository safe to merge: seal Secrets, check manifests, unseal in the cluster.",
        discussion: """
            Exit codes: 0 the command did its job and found nothing wrong; 1 it found a problem; \
            2 the invocation or an input was unusable (bad flag, missing file, unparsable manifest; check \
            reports a manifest that does not parse as a parse-error finding instead, exit 1).
            """,
        version: sealgateVersion,
        subcommands: [
            SealCommand.self, UnsealCommand.self, ReencryptCommand.self, VerifyCommand.self, KeygenCommand.self,
            CertCommand.self, CheckCommand.self, ConfigCommand.self, AuditCommand.self, PoliciesCommand.self, PolicyCommand.self,
            CELCommand.self,
            ObjectsCommand.self, SidecarCommand.self,
            VersionCommand.self,
        ]
    )

    /// Runs the command, mapping every failure to DESIGN.md's exit codes: argument-parser would exit 64 for a
    /// usage error, and sealgate promises 2.
    ///
    /// A usage error prints the message and a one-line pointer to the command's help, not the whole usage
    /// text: the message is what the user needs, and a screen of options pushes it out of sight in a CI log.
    /// A command group run without a subcommand (`sealgate`, `sealgate policy`) did nothing the user asked
    /// for, so it prints its usage to standard error and exits 2 rather than looking like a success.
    static func main() async {
        Signals.removeTemporaryFilesOnInterrupt()
        let arguments = Array(CommandLine.arguments.dropFirst())
        let (path, group) = commandPath(arguments)
        if arguments.count == path.count - 1, !group.configuration.subcommands.isEmpty,
            group.configuration.defaultSubcommand == nil
        {
            Terminal.error(helpMessage(for: group).trimmingTrailingNewlines)
            Platform.exit(ExitCode.unusableInput.rawValue)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Platform.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success {
                exit(withError: error)  // --help and --version print to stdout and exit 0
            }
            if exitCode(for: error) == .validationFailure {
                // A kubeseal habit gets sealgate's way to do it, rather than "Unknown option".
                if let answer = KubesealHabits.answer(for: arguments, command: Array(path.dropFirst())) {
                    Terminal.error(usageError(answer.message, command: answer.help.split(separator: " ").map(String.init)))
                } else {
                    Terminal.error(usageError(message(for: error), command: path))
                }
            } else {
                Terminal.error(Terminal.describe(error))
            }
            Platform.exit(ExitCode.unusableInput.rawValue)
        }
    }

    /// `error: message` and where to read more; argument-parser's "Help:" line for a bad value is kept
    /// inside the message, which already names the option and the values it takes.
    static func usageError(_ message: String, command path: [String]) -> String {
        "error: \(message)\nsee '\(path.joined(separator: " ")) --help'"
    }

    /// The names of the (sub)commands that `arguments` start with, `sealgate` first, and the type of the last.
    static func commandPath(_ arguments: [String]) -> (names: [String], type: any ParsableCommand.Type) {
        var names = ["sealgate"]
        var type: any ParsableCommand.Type = Sealgate.self
        for argument in arguments {
            guard let next = type.configuration.subcommands.first(where: { $0._commandName == argument }) else { break }
            names.append(argument)
            type = next
        }
        return (names, type)
    }
}

extension String {
    /// The text without the newlines at its end.
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

extension ExitCode {
    /// The command found a problem (a violation, a value it could not decrypt).
    static let foundProblem = ExitCode(1)
    /// The invocation or an input it was given is unusable.
    static let unusableInput = ExitCode(2)
}
