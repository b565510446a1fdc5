// sealgate · CLI

internal import ArgumentParser
internal import SidecarCLI

/// `sealgate sidecar`: the sidecar from the full CLI (the image runs the same command as
/// `sealgate-sidecar`, a binary without the check, CEL and Git code).
struct SidecarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sidecar", abstract: SidecarOptions.abstract, discussion: SidecarOptions.discussion)

    @OptionGroup var options: SidecarOptions

    func run() async throws {
        try await options.run()
    }
}
