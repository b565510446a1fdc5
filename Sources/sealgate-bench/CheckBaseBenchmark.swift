// sealgate · benchmarks

internal import ArgumentParser
internal import Diagnostics
internal import Foundation
internal import GitChanges
internal import KubeManifest
internal import PolicyEngine

/// `sealgate-bench check-base`: `check --base HEAD` of the 10,000-object repository of `check`, committed
/// into a Git repository, with one file changed in the working tree, beside a plain check of the same
/// working tree measured in the same run.
///
/// Both sides take the library path the CLI takes (`sealgate check` and `sealgate check --base HEAD`),
/// without the process around it: the comparison reads the diff from libgit2, loads the working tree
/// whole, reads from the base commit only the files the change touched, and checks the head against that
/// base with ``Checker/check(_:against:policies:parseErrors:fileCount:options:)``.
struct CheckBaseBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-base",
        abstract: "check --base HEAD of the 10,000-object repository with one file changed, beside a plain check of it (target ≤ 1.5x)."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Number of objects in the generated repository.")
    var objects = 10_000

    /// What one comparison found, and where its time went.
    struct Outcome {
        var states: [FindingState: Int] = [:]
        var fixed = 0
        var changedPaths = 0
        var phases: [(String, Double)] = []
    }

    func run() async throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("sealgate-bench-check-base-\(ProcessInfo.processInfo.processIdentifier)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = root + "/repository"
        let (files, bytes) = try CheckCorpus.write(to: directory, objects: objects)
        try GitProcess.run(["init", "-q"], in: directory)
        try GitProcess.run(["add", "-A"], in: directory)
        try GitProcess.run(["commit", "-q", "-m", "corpus"], in: directory)
        let changed = try Self.changeOneFile(in: directory)

        let pack = try BuiltinPolicies.load()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("repository: \(objects) objects, \(bytes) bytes in \(files) files, committed; \(changed) changed in the working tree")
        print("\(pack.policies.count) built-in policies; \(cores) cores; best of \(common.runs) runs")

        var plainFindings = 0
        let plain = await Measurement.best("sealgate check (the working tree)", items: objects, runs: common.runs) {
            let loaded = await ManifestLoader().load([.path(directory)])
            let checked = PolicyLoader.separateSealgateDocuments(loaded.objects).objects
            let report = Checker.check(
                checked, policies: pack, parseErrors: loaded.parseErrors, fileCount: loaded.files.count, options: Self.options(cores))
            plainFindings = report.findings.count
        }
        var outcome = Outcome()
        let base = try await Measurement.best("sealgate check --base HEAD", items: objects, runs: common.runs) {
            let run = try await Self.checkAgainstHead(directory, policies: pack, cores: cores)
            if outcome.phases.isEmpty || run.phases.map(\.1).reduce(0, +) < outcome.phases.map(\.1).reduce(0, +) { outcome = run }
        }
        Measurement.report([base], reference: plain)
        print(
            "plain check: \(TerminalText.counted(plainFindings, "finding")); against HEAD (\(TerminalText.counted(outcome.changedPaths, "changed path"))): "
                + [FindingState.new, .updated, .unchanged].map {
                    "\(outcome.states[$0, default: 0]) \($0 == .unchanged ? "already there" : $0.rawValue)"
                }
                .joined(separator: ", ") + ", \(outcome.fixed) fixed")
        let total = outcome.phases.map(\.1).reduce(0, +)
        print(
            "check --base, fastest run: "
                + outcome.phases.map { name, seconds in
                    "\(name) \(Measurement.format(seconds * 1000, digits: 1)) ms (\(Measurement.format(100 * seconds / total, digits: 0))%)"
                }.joined(separator: ", "))
        print("check --base is \(Measurement.format(base.seconds / plain.seconds, digits: 2))x the plain check (target ≤ 1.5x)")
    }

    static func options(_ cores: Int) -> CheckOptions {
        CheckOptions(today: "2026-11-25", concurrency: cores)
    }

    /// `sealgate check DIRECTORY --base HEAD`, as `ChangeCheck` and `CheckCommand` run it, timed by phase.
    static func checkAgainstHead(_ directory: String, policies: PolicySet, cores: Int) async throws -> Outcome {
        var outcome = Outcome()
        let clock = ContinuousClock()
        var mark = clock.now
        func phase(_ name: String) {
            let now = clock.now
            outcome.phases.append((name, (now - mark).seconds))
            mark = now
        }
        let repository = try GitRepository.discover(from: directory)
        let head = try repository.resolve("HEAD")
        let baseCommit = try repository.mergeBase(head.id, head.id)
        let scope = [try repository.repositoryPath(of: directory)]
        let changes = try repository.changes(from: baseCommit, to: .workingTree, paths: scope)
        outcome.changedPaths = changes.count
        phase("diff")

        let loaded = await ManifestLoader().load([.path(directory)])
        let changedAtHead = Set(changes.compactMap { $0.new?.path })
        let unchanged = Set(
            try loaded.files.map(\.file.path).filter { name in
                !changedAtHead.contains(try repository.repositoryPath(of: name))
            })
        phase("head load")

        let touched = try repository.manifests(in: .commit(baseCommit), paths: [directory], only: Set(changes.compactMap { $0.old?.path }))
        let baseLoaded = await ManifestLoader().load(touched.inputs)
        let kept = loaded.objects.filter { unchanged.contains($0.origin.location.file.path) }
        let changeBase = ChangeBase(
            objects: PolicyLoader.separateSealgateDocuments(kept + baseLoaded.objects).objects, parseErrors: baseLoaded.parseErrors,
            fileCount: unchanged.count + baseLoaded.files.count, unchangedFiles: unchanged)
        phase("base read")

        let checked = PolicyLoader.separateSealgateDocuments(loaded.objects).objects
        let report = Checker.check(
            checked, against: changeBase, policies: policies, parseErrors: loaded.parseErrors, fileCount: loaded.files.count,
            options: options(cores))
        phase("check against the base")
        for finding in report.findings { outcome.states[finding.state ?? .new, default: 0] += 1 }
        outcome.fixed = report.fixed.count
        return outcome
    }

    /// Makes the first workload's root filesystem writable: one changed file, one new finding.
    static func changeOneFile(in directory: String) throws -> String {
        let listing = try FileManager.default.subpathsOfDirectory(atPath: directory).filter { $0.hasSuffix("/app-1.yaml") }
        guard let path = listing.first else { throw ValidationError("the generated repository has no app-1.yaml") }
        let url = URL(fileURLWithPath: directory + "/" + path)
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "readOnlyRootFilesystem: true", with: "readOnlyRootFilesystem: false").utf8).write(to: url)
        return path
    }

}

extension Duration {
    /// The duration in seconds.
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
