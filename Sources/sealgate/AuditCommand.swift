// sealgate · CLI

internal import ArgumentParser
internal import Foundation
internal import GitChanges
internal import KubeManifest
internal import PolicyEngine
internal import SealedSecrets
internal import SecretAudit

/// `sealgate audit [REV-RANGE | --all] [PATH...]`: what the repository's history (or its index) exposes.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Find Secrets and credentials committed in plain text anywhere in history, or the values a leaked key opens.",
        discussion: """
            Walks the commits of REV-RANGE (A..B, or one revision for its whole history; HEAD by default), or \
            of every reference with --all, and judges each distinct blob once with the built-in policies \
            secrets-no-plaintext, secrets-no-literal-credentials and the sealed-value check of \
            secrets-sealed-well-formed. Each hit names its commit, date, path, line and blob, and whether \
            HEAD still has it; no value is ever printed. --staged audits what git commit would add \
            (for a pre-commit hook). --compromised-key lists every sealed value, at HEAD and in history, \
            that the key opens. A first argument that is an existing file or directory is a path, not a \
            revision. Hits are accepted with a reason in .sealgate-audit-ignore.yaml at the root of the \
            working tree (or --acknowledged FILE), by blob and policy. Exits 1 when a hit is neither \
            acknowledged nor waived, 0 when nothing is found, 2 when the input is unusable (a shallow clone \
            whose history stops inside the range, unless --shallow-ok).
            """
    )

    @Argument(
        help: ArgumentHelp(
            "A revision range (A..B, or a revision for its whole history), then files or directories to audit.", valueName: "range-or-path")
    )
    var arguments: [String] = []

    @Flag(help: "Audit the history of every branch, tag and remote-tracking branch (as git log --all).")
    var all = false

    @Flag(help: "Audit what git commit would add or change (the index), for a pre-commit hook.")
    var staged = false

    @Option(
        name: .customLong("compromised-key"),
        help: ArgumentHelp(
            "A private key that leaked (PEM file, directory, key Secret or List backup, as unseal --key): list the sealed values it opens. Repeatable.",
            valueName: "key"))
    var compromisedKeys: [String] = []

    @Option(
        help: ArgumentHelp(
            "The acknowledgements file (default: .sealgate-audit-ignore.yaml at the root of the working tree, when it exists).",
            valueName: "file"))
    var acknowledged: String?

    @Flag(name: .customLong("shallow-ok"), help: "In a shallow clone, audit the history it holds instead of refusing.")
    var shallowOK = false

    @Option(name: .shortAndLong, help: ArgumentHelp("The report on standard output: text or json (default: text).", valueName: "format"))
    var output: AuditFormat?

    /// `-o` as earlier sealgate releases spelled it; hidden.
    @Option(name: .customLong("format"), help: .hidden)
    var legacyFormat: AuditFormat?

    /// The report's format: `-o`, else `--format`, else text.
    private var format: AuditFormat { output ?? legacyFormat ?? .text }

    @Flag(name: .shortAndLong, help: "Also list waived hits, blobs that could not be read, and acknowledgements that match nothing.")
    var verbose = false

    func validate() throws {
        if all, staged {
            throw ValidationError("--all audits history and --staged the index; give one")
        }
        if let output, let legacyFormat, output != legacyFormat {
            throw ValidationError(
                "-o \(output.rawValue) and --format \(legacyFormat.rawValue) ask for two reports on standard output; give -o once")
        }
        if arguments.contains("-") {
            throw ValidationError("standard input has no history to audit; give files or directories of the repository")
        }
    }

    func run() async throws {
        let (scope, paths) = try scopeAndPaths()
        let repository = try git { () throws(GitError) in try GitRepository.discover(from: paths.first ?? ".") }
        var configured = SecretAudit(repository: repository, scope: scope, paths: paths)
        configured.allowingShallow = shallowOK
        let audit = configured
        let acknowledgements = try loadAcknowledgements(in: repository)

        let report: AuditReport
        if compromisedKeys.isEmpty {
            let policies = try await BlockingWork.run { () throws(PolicyError) in try AuditPolicies.builtin() }
            let today = PolicyOptions.today
            report = try await gitOffPool { () throws(GitError) in try audit.findPlaintext(policies, today: today) }
        } else {
            let ring = try KeyRing.load(from: compromisedKeys)
            for warning in ring.warnings { Terminal.error(warning) }
            report = try await gitOffPool { () throws(GitError) in try audit.findValuesOpened(by: ring) }
        }
        var acknowledgedReport = report
        acknowledgedReport.acknowledge(acknowledgements)

        if !report.shallowBoundary.isEmpty {
            Terminal.error(
                "notice: this clone is shallow: history stops at \(report.shallowBoundary.map { $0.abbreviated() }.joined(separator: ", ")); older commits were not audited"
            )
        }
        if report.blobsRead == 0 {
            let place = paths.isEmpty ? "" : " under \(paths.joined(separator: ", "))"
            Terminal.error(
                scope == .staged
                    ? "notice: the index adds or changes no .yaml, .yml or .json file\(place); nothing was audited"
                    : "notice: the \(scope) holds no .yaml, .yml or .json file\(place); nothing was audited")
        }
        let text = AuditReporter.render(acknowledgedReport, as: format, verbose: verbose)
        Terminal.write(text)
        if format != .text { Terminal.error("sealgate audit: " + AuditReporter.summary(acknowledgedReport)) }
        if acknowledgedReport.fails { throw ExitCode.foundProblem }
    }

    /// What to audit, and the paths: the first argument is a revision range unless `--all` or `--staged`
    /// is given or it names an existing file or directory.
    private func scopeAndPaths() throws -> (AuditScope, [String]) {
        if staged { return (.staged, arguments) }
        if all { return (.history(.allReferences), arguments) }
        guard let first = arguments.first, first.contains("..") || !FileManager.default.fileExists(atPath: first) else {
            return (.history(.revisions("HEAD")), arguments)
        }
        return (.history(.revisions(first)), Array(arguments.dropFirst()))
    }

    /// The acknowledgements: `--acknowledged FILE`, or the default file at the root of the working tree.
    private func loadAcknowledgements(in repository: GitRepository) throws -> [Acknowledgement] {
        let path: String
        if let acknowledged {
            path = acknowledged
        } else if let root = repository.workingDirectory,
            FileManager.default.fileExists(atPath: root + "/" + Acknowledgement.defaultFileName)
        {
            path = root + "/" + Acknowledgement.defaultFileName
        } else {
            return []
        }
        do {
            return try Acknowledgement.load(from: path)
        } catch {
            Terminal.error(error.description)
            throw ExitCode.unusableInput
        }
    }

    /// Runs a Git operation; its error is printed with what to do, and ends the command with exit 2.
    private func git<T>(_ body: () throws(GitError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw report(error)
        }
    }

    /// ``git(_:)`` off the cooperative pool, for the audit itself.
    private func gitOffPool<T: Sendable>(_ body: @escaping @Sendable () throws(GitError) -> T) async throws -> T {
        do {
            return try await BlockingWork.run(body)
        } catch {
            throw report(error)
        }
    }

    /// Prints a Git error, with the flag that helps; returns the exit code (2) to end the command with.
    private func report(_ error: GitError) -> ExitCode {
        Terminal.error(error.description)
        switch error.code {
        case .shallowBoundary:
            Terminal.error("hint: or pass --shallow-ok to audit only the history this clone holds (older commits are then not audited)")
        case .unknownRevision:
            Terminal.error("hint: a first argument that is not an existing file or directory is read as a revision range")
        default:
            break
        }
        return ExitCode.unusableInput
    }
}
