// sealgate · sealgate-bench

internal import ArgumentParser
internal import Foundation

/// The `git` program, for building the benchmarks' repositories and for the references measured beside the
/// library, run with a configuration of its own: the machine's and the user's settings do not apply, and
/// commits need no identity from them.
enum GitProcess {
    /// Runs `git arguments` in `directory`, with `input` on its standard input.
    ///
    /// - Parameters:
    ///   - arguments: what follows `git`.
    ///   - directory: where it runs.
    ///   - input: bytes for its standard input (`fast-import`'s stream), if any.
    ///   - output: where its standard output goes (`.nullDevice` for a reference that only writes);
    ///     by default it is read and returned.
    /// - Returns: its standard output as lines, or nothing when `output` took it.
    /// - Throws: when git cannot start or exits with another status than 0.
    @discardableResult
    static func run(_ arguments: [String], in directory: String, input: Data? = nil, output: FileHandle? = nil) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", "-c", "init.defaultBranch=main",
                "-c", "commit.gpgsign=false",
            ] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"]) {
            $1
        }
        let stdin = input.map { _ in Pipe() }
        process.standardInput = stdin
        let stdout = output == nil ? Pipe() : nil
        process.standardOutput = output ?? stdout
        try process.run()
        if let stdin, let input {
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        // Read before waiting: a large output would otherwise fill the pipe and block git.
        let data = stdout?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("git \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
