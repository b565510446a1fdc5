// sealgate · CLI tests

import Foundation

/// What one run of the built `sealgate` binary did.
struct CLIResult {
    var stdout: String
    var stderr: String
    var exitCode: Int32
}

/// Runs the `sealgate` binary that `swift build` placed beside this test bundle.
enum CLI {
    /// The repository's top folder; commands run there so paths print as `testdata/…`.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary = built("sealgate")
    /// `sealgate-sidecar`, the sidecar's own binary, which the container image runs.
    static let sidecarBinary = built("sealgate-sidecar")

    private static func built(_ name: String) -> URL {
        let candidates = [
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ]
        for directory in candidates {
            let url = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        fatalError("the \(name) binary is not beside the test bundle in \(candidates); run `swift build` first")
    }

    /// Runs `sealgate arguments…` (or `executable arguments…`) with `stdin` as standard input, in `directory`.
    /// With `mergingStandardError`, both streams go to `stdout` in the order written, as a terminal shows them.
    static func run(
        _ arguments: [String], stdin: [UInt8] = [], in directory: URL = repositoryRoot, environment: [String: String] = [:],
        executable: URL = binary, mergingStandardError: Bool = false
    ) throws -> CLIResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inURL = scratch.appendingPathComponent("stdin")
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        try Data(stdin).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // A clean environment: SEALGATE_CERT (or kubeseal's SEALED_SECRETS_CERT) from the developer's shell
        // must not change what a test sees.
        var inherited = ProcessInfo.processInfo.environment
        inherited["SEALGATE_CERT"] = nil
        inherited["SEALED_SECRETS_CERT"] = nil
        process.environment = inherited.merging(environment) { $1 }
        // Files, not pipes: a chatty command cannot block on a full pipe buffer.
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        let output = try FileHandle(forWritingTo: outURL)
        process.standardOutput = output
        process.standardError = mergingStandardError ? output : try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return CLIResult(
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
            exitCode: process.terminationStatus)
    }

    /// A new, empty directory of the test's own under the system's temporary folder; the test removes it.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func run(_ arguments: String..., stdin: String = "") throws -> CLIResult {
        try run(arguments, stdin: Array(stdin.utf8))
    }
}
