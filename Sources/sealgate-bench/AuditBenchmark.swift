// sealgate · benchmarks

internal import ArgumentParser
internal import Foundation
internal import GitChanges
internal import PolicyEngine
internal import SecretAudit

/// `sealgate-bench audit`: `sealgate audit --all` over a generated history of 1,000 commits, compared with
/// `git log -p --all` (every commit's diff, written to /dev/null) on the same repository in the same run.
struct AuditBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract:
            "Audit a generated history of 1,000 commits (100 manifest files, plaintext Secrets added and deleted) against git log -p --all."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Number of commits in the generated history.")
    var commits = 1_000

    @Option(help: "Number of manifest files in the repository.")
    var files = 100

    @Option(
        help: ArgumentHelp(
            "Only write the generated repository to this directory (to inspect it, or run sealgate audit on it).", valueName: "dir"))
    var writeTo: String?

    func validate() throws {
        guard commits >= 1, files >= 1 else { throw ValidationError("--commits and --files must be at least 1") }
    }

    func run() async throws {
        if let writeTo {
            let planted = try HistoryCorpus.write(to: writeTo, commits: commits, files: files)
            print("wrote \(commits) commits of \(files) files (\(planted) plaintext Secrets added and deleted) to \(writeTo)")
            return
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sealgate-bench-audit-\(ProcessInfo.processInfo.processIdentifier)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let planted = try HistoryCorpus.write(to: directory, commits: commits, files: files)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("history: \(commits) commits of \(files) files, \(planted) plaintext Secrets added and later deleted; \(cores) cores")

        let gitLog = try await Measurement.best("git log -p --all > /dev/null", items: commits, runs: common.runs) {
            try GitProcess.run(["log", "-p", "--all"], in: directory, output: .nullDevice)
        }
        let policies = try AuditPolicies.builtin()
        var report: AuditReport?
        let audit = try await Measurement.best("sealgate audit --all (open, walk, read, judge)", items: commits, runs: common.runs) {
            let repository = try GitRepository.discover(from: directory)
            report = try SecretAudit(repository: repository, scope: .history(.allReferences)).findPlaintext(policies, today: "2026-11-25")
        }
        Measurement.report([audit], reference: gitLog)
        // Processor time of one more run of each: what the machine's other load does not change.
        let gitCPU = try CPUTime.children { try GitProcess.run(["log", "-p", "--all"], in: directory, output: .nullDevice) }
        let auditCPU = try CPUTime.this {
            let repository = try GitRepository.discover(from: directory)
            _ = try SecretAudit(repository: repository, scope: .history(.allReferences)).findPlaintext(policies, today: "2026-11-25")
        }
        print(
            "processor time: git log -p \(Measurement.format(gitCPU * 1000, digits: 1)) ms, audit \(Measurement.format(auditCPU * 1000, digits: 1)) ms "
                + "(\(Measurement.format(auditCPU / gitCPU, digits: 2))x, spread over \(cores) cores)")
        if let report {
            print(
                "blobs read (each once): \(report.blobsRead); hits: \(report.hits.count), still at HEAD: \(report.hits.filter { $0.atHead?.isPresent == true }.count)"
            )
        }
        print("ratio audit / git log -p: \(Measurement.format(audit.seconds / gitLog.seconds, digits: 2))x (target: at most 2x)")
    }
}

/// A generated Git history, built once with `git fast-import`: `files` manifest files of three objects in 20
/// team folders, then commits that each replace one object of one file, and every 25th adds a plaintext
/// Secret that a commit 5 later deletes.
enum HistoryCorpus {
    /// Builds the repository in `directory` (created); returns how many plaintext Secrets it planted.
    static func write(to directory: String, commits: Int, files: Int) throws -> Int {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try GitProcess.run(["init", "-q", "-b", "main"], in: directory)
        var generator = Generator(seed: 0xA0D1_7000)
        var stream = Data()
        var planted = 0
        // Each file holds three objects; a commit replaces one of them, as a change of one manifest does.
        var documents = (0..<files).map { index in (0..<3).map { generator.object(number: index * 3 + $0) } }
        func file(_ index: Int) -> String { documents[index].joined(separator: "---\n") }
        func add(_ path: String, _ text: String) {
            stream.append(Data("M 100644 inline \(path)\ndata \(text.utf8.count)\n\(text)\n".utf8))
        }
        for number in 0..<commits {
            let message = number == 0 ? "initial manifests" : "change \(number)"
            stream.append(Data("commit refs/heads/main\nmark :\(number + 1)\n".utf8))
            stream.append(Data("author Bench <bench@example.com> \(1_700_000_000 + number * 600) +0000\n".utf8))
            stream.append(Data("committer Bench <bench@example.com> \(1_700_000_000 + number * 600) +0000\n".utf8))
            stream.append(Data("data \(message.utf8.count)\n\(message)\n".utf8))
            if number > 0 { stream.append(Data("from :\(number)\n".utf8)) }
            if number == 0 {
                for index in 0..<files { add(path(index), file(index)) }
            } else {
                let index = number % files
                documents[index][number / files % 3] = generator.object(number: files * 3 + number)
                add(path(index), file(index))
                if number % 25 == 0 {
                    planted += 1
                    add(
                        "team-\(number % 20)/leak-\(number).yaml",
                        """
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: leak-\(number), namespace: team-\(number % 20)}
                        stringData: {password: not-a-real-password-\(number)}

                        """)
                }
                if number % 25 == 5, number > 25 {
                    stream.append(Data("D team-\((number - 5) % 20)/leak-\(number - 5).yaml\n".utf8))
                }
            }
            stream.append(Data("\n".utf8))
        }
        try GitProcess.run(["fast-import", "--quiet"], in: directory, input: stream)
        try GitProcess.run(["reset", "-q", "--hard", "main"], in: directory)
        return planted
    }

    private static func path(_ index: Int) -> String {
        "team-\(index % 20)/app-\(index).yaml"
    }

}

/// Processor time (user and system) spent by this process, or by the child processes it waited for.
enum CPUTime {
    /// The processor time this process spends in `body`, on all its threads.
    static func this(_ body: () throws -> Void) rethrows -> Double {
        let before = seconds(children: false)
        try body()
        return seconds(children: false) - before
    }

    /// The processor time of the child processes `body` runs and waits for.
    static func children(_ body: () throws -> Void) rethrows -> Double {
        let before = seconds(children: true)
        try body()
        return seconds(children: true) - before
    }

    private static func seconds(children: Bool) -> Double {
        // Glibc declares the constants as an enum, Darwin as integers.
        #if canImport(Glibc)
        let who = (children ? RUSAGE_CHILDREN : RUSAGE_SELF).rawValue
        #else
        let who = children ? RUSAGE_CHILDREN : RUSAGE_SELF
        #endif
        var usage = rusage()
        _ = getrusage(who, &usage)
        func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return value(usage.ru_utime) + value(usage.ru_stime)
    }
}
