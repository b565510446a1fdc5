// sealgate · sealgate-sidecar

internal import ArgumentParser
internal import Diagnostics
internal import SidecarCLI

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// `sealgate-sidecar`: `sealgate sidecar` in a binary of its own, for the container image. It links only
/// what the sidecar runs (no CEL, policies, Git or Foundation's internationalization), so a pod pays less
/// memory for it; its flags, output and exit codes are those of `sealgate sidecar`.
@main
struct SealgateSidecar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sealgate-sidecar", abstract: SidecarOptions.abstract, discussion: SidecarOptions.discussion,
        version: sealgateVersion)

    @OptionGroup var options: SidecarOptions

    func run() async throws {
        try await options.run()
    }

    /// Runs the command with sealgate's exit codes: 2 for a usage error (argument-parser would exit 64),
    /// printed as the message and a pointer to --help.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            terminate(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }  // --help and --version
            let text = code == .validationFailure ? "error: \(message(for: error))\nsee 'sealgate-sidecar --help'" : "\(error)"
            var line = TerminalText.lines(text.contains("error: ") ? text : "error: \(text)") + "\n"
            line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
            terminate(2)
        }
    }

    private static func terminate(_ code: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(code)
        #else
        Darwin.exit(code)
        #endif
    }
}
