// sealgate · CLI

internal import Diagnostics
internal import ArgumentParser
internal import CLibGit2
internal import CLibYAML
internal import COpenSSL
internal import KubeManifest

/// `sealgate version`: sealgate's version and those of the C libraries it runs with.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print sealgate's version and the versions of the libraries it is linked against."
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var output: OutputFormat = .text

    func run() throws {
        let libraries = LinkedLibraries.current
        switch output {
        case .text:
            Terminal.out("sealgate \(sealgateVersion)")
            for library in libraries { Terminal.out("\(library.name) \(library.version)") }
        case .json:
            let versions = [("sealgate", sealgateVersion)] + libraries.map { ($0.name, $0.version) }
            Terminal.out(try JSONOutput.render(.object(versions.map { ($0.0, .string($0.1)) })))
        }
    }
}

/// The C libraries sealgate uses, with the versions read from the libraries themselves at run time (so a
/// system upgrade shows up without rebuilding).
enum LinkedLibraries {
    static var current: [(name: String, version: String)] {
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return [
            ("libyaml", String(cString: yaml_get_version_string())),
            ("openssl", String(cString: OpenSSL_version(OPENSSL_VERSION_STRING))),
            ("libgit2", "\(major).\(minor).\(revision)"),
        ]
    }
}
