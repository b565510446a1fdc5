// sealgate · benchmarks

internal import ArgumentParser
internal import Foundation
internal import GitChanges

/// `sealgate-bench git`: finding the paths one change touched in a repository of 20,000 files, against
/// `git diff --name-only` on the same repository, run as a process in the same run.
struct GitBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git",
        abstract:
            "Find the one changed path among 20,000 files (commit to commit, and commit to working tree) and compare with git diff --name-only."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Number of files in the generated repository.")
    var files = 20_000

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sealgate-bench-git-\(ProcessInfo.processInfo.processIdentifier)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let changed = try GitCorpus.write(to: directory, files: files)
        print(
            "repository: \(files) files in \(files / GitCorpus.filesPerDirectory) directories, 2 commits; \(changed) changed in the second")

        var found: [String] = []
        let treeReference = try await Measurement.best("git diff --name-only HEAD^1 HEAD (a process)", items: files, runs: common.runs) {
            found = try GitProcess.run(["diff", "--name-only", "HEAD^1", "HEAD"], in: directory)
        }
        try Self.expect(found, [changed], "git diff HEAD^1 HEAD")
        let tree = try await Measurement.best("GitChanges: open, resolve, commit to commit", items: files, runs: common.runs) {
            found = try Self.changedPaths(in: directory, to: nil)
        }
        try Self.expect(found, [changed], "commit to commit")
        Measurement.report([tree], reference: treeReference)
        print("")

        let workReference = try await Measurement.best("git diff --name-only HEAD^1 (a process)", items: files, runs: common.runs) {
            found = try GitProcess.run(["diff", "--name-only", "HEAD^1"], in: directory)
        }
        try Self.expect(found, [changed], "git diff HEAD^1")
        let work = try await Measurement.best("GitChanges: open, resolve, commit to working tree", items: files, runs: common.runs) {
            found = try Self.changedPaths(in: directory, to: .workingTree)
        }
        try Self.expect(found, [changed], "commit to working tree")
        Measurement.report([work], reference: workReference)
        print("")
        print(
            "commit to commit is \(Measurement.format(tree.seconds / treeReference.seconds, digits: 2))x git diff, "
                + "commit to working tree \(Measurement.format(work.seconds / workReference.seconds, digits: 2))x (target ≤ 2x)")
    }

    /// What `sealgate check --base HEAD^1` would do first: open the repository, resolve the revisions, diff.
    private static func changedPaths(in directory: String, to target: GitDiffTarget?) throws -> [String] {
        let repository = try GitRepository.discover(from: directory)
        let base = try repository.resolve("HEAD^1")
        let head = try target ?? .commit(repository.resolve("HEAD").id)
        return try repository.changes(from: base.id, to: head).map(\.path)
    }

    private static func expect(_ found: [String], _ expected: [String], _ what: String) throws {
        guard found == expected else {
            throw ValidationError("\(what) found \(found.prefix(5)), expected \(expected): the corpus or the library is wrong")
        }
    }
}

/// A repository of many small manifests, committed twice with one file changed in between.
enum GitCorpus {
    static let filesPerDirectory = 200

    /// Writes the files, commits them, changes one and commits again; returns the changed path. The index is
    /// refreshed a second later, so no entry is "racily clean" (as in any repository not written this very
    /// second), which would make both git and libgit2 hash every file.
    static func write(to directory: String, files: Int) throws -> String {
        let manager = FileManager.default
        for index in 0..<files {
            let folder = "\(directory)/apps/team-\(index / filesPerDirectory)"
            if index % filesPerDirectory == 0 { try manager.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try Data(manifest(index, replicas: 2).utf8).write(to: URL(fileURLWithPath: "\(folder)/app-\(index).yaml"))
        }
        try GitProcess.run(["init", "-q"], in: directory)
        try GitProcess.run(["add", "-A"], in: directory)
        try GitProcess.run(["commit", "-q", "-m", "base"], in: directory)
        let index = files / 2
        let changed = "apps/team-\(index / filesPerDirectory)/app-\(index).yaml"
        try Data(manifest(index, replicas: 3).utf8).write(to: URL(fileURLWithPath: "\(directory)/\(changed)"))
        try GitProcess.run(["commit", "-q", "-a", "-m", "scale one app"], in: directory)
        Thread.sleep(forTimeInterval: 1.1)
        try GitProcess.run(["update-index", "-q", "--really-refresh"], in: directory)
        return changed
    }

    private static func manifest(_ index: Int, replicas: Int) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app-\(index), namespace: team-\(index / filesPerDirectory)}
        spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: app-\(index)}}
          template:
            metadata: {labels: {app: app-\(index)}}
            spec:
              containers:
                - name: app
                  image: registry.example/app-\(index):1.\(index % 17)

        """
    }

}
