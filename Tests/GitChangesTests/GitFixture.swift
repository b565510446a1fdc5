// sealgate · GitChanges tests

import Foundation
import Testing
@testable import GitChanges

/// A repository in a temporary directory of its own, built with the `git` program (a fixture builder and
/// the oracle the library is compared with; the library itself never runs it).
final class GitFixture {
    /// The working tree's root (or the repository, when bare), every symbolic link resolved.
    let root: URL

    /// A new repository: `git init` in a fresh temporary directory, or a clone of `source` made with
    /// `cloneArguments` (such as `--depth 1`).
    init(bare: Bool = false, cloning source: GitFixture? = nil, cloneArguments: [String] = []) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        root = directory.resolvingSymlinksInPath()
        if let source {
            // file:// makes git use its transport, so --depth is honoured as on a CI runner.
            try Self.git(
                ["clone", "-q"] + cloneArguments + ["file://\(source.root.path)", root.path], in: directory.deletingLastPathComponent())
        } else {
            try git(["init", "-q"] + (bare ? ["--bare"] : []))
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// The path of `relative` in the working tree.
    func path(_ relative: String) -> String {
        relative.isEmpty ? root.path : root.appendingPathComponent(relative).path
    }

    /// Writes `text` to `relative`, creating directories on the way.
    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Removes `relative` from the working tree (not from the index).
    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(relative))
    }

    /// `git add -A` and `git commit`; returns the new commit's id.
    @discardableResult
    func commitAll(_ message: String) throws -> String {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
        return try git("rev-parse", "HEAD")
    }

    /// Leaves `path` in a merge conflict: `main` and a branch `other` each change it, and `other` is merged.
    func conflict(on path: String) throws {
        try git("checkout", "-q", "-b", "other")
        try write(path, configMap("other"))
        try commitAll("other")
        try git("checkout", "-q", "main")
        try write(path, configMap("main"))
        try commitAll("main")
        #expect(throws: FixtureError.self) { try self.git("merge", "-q", "other") }
    }

    /// Runs git in the working tree; returns its standard output without the final newline.
    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try git(arguments)
    }

    @discardableResult
    func git(_ arguments: [String]) throws -> String {
        try Self.git(arguments, in: root)
    }

    /// Runs git with a configuration of its own: the machine's and the user's settings do not apply.
    @discardableResult
    static func git(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "git", "-c", "user.name=t", "-c", "user.email=t@e", "-c", "init.defaultBranch=main",
                "-c", "commit.gpgsign=false", "-c", "protocol.file.allow=always",
            ] + arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting: a large output would otherwise fill the pipe and block git.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError("git \(arguments.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// `git diff --name-status -M` output as comparable rows: `M\tpath`, `R\told\tnew` (similarity dropped).
    func nameStatus(_ arguments: String...) throws -> [String] {
        try git(["diff", "--name-status", "-M"] + arguments)
            .split(separator: "\n").map { line in
                var fields = line.split(separator: "\t").map(String.init)
                fields[0] = String(fields[0].prefix(1))
                return fields.joined(separator: "\t")
            }.sorted()
    }

    /// Opens the fixture with the library.
    func open() throws -> GitRepository {
        try GitRepository.discover(from: root.path)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The rows `git diff --name-status` prints, from the library's changes.
func nameStatus(_ changes: [GitChange]) -> [String] {
    changes.map { change in
        switch change.kind {
        case .added: "A\t\(change.path)"
        case .deleted: "D\t\(change.path)"
        case .modified: "M\t\(change.path)"
        case .typeChanged: "T\t\(change.path)"
        case .renamed: "R\t\(change.old?.path ?? "")\t\(change.new?.path ?? "")"
        }
    }.sorted()
}

/// `Kind: ConfigMap` text named `name`.
func configMap(_ name: String, data: String = "x") -> String {
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\ndata:\n  key: \(data)\n"
}

/// The error `body` throws; `nil` (and a recorded issue) when it succeeds.
func gitError<Result>(
    _ body: () throws(GitError) -> Result, sourceLocation: SourceLocation = #_sourceLocation
) -> GitError? {
    do {
        _ = try body()
        Issue.record("expected a GitError", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}
